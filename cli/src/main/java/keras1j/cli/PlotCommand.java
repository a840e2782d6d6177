package keras1j.cli;

import java.nio.file.Path;

import keras1j.keras.ImportedModel;
import keras1j.verify.plot.PlotFormat;
import keras1j.verify.plot.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keras1j plot MODEL --output model.svg|.png|.dot}: the layer graph like Keras'
 * {@code plot(model, show_shapes=True)}; works on the architecture alone.
 */
@Command(name = "plot", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Draws the layer graph like Keras' plot(model, show_shapes=True): one box per layer "
                + "(name, class, input and output shapes), edges from inbound layers. Needs no weights."})
final class PlotCommand extends ModelCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A full-model .h5, or a .json (weights optional).")
    Path model;

    private Path output;

    @Option(names = "--output", paramLabel = "OUT", required = true,
            description = "The picture to write, by extension: .svg, .png or .dot (Graphviz); its folder must exist.")
    void setOutput(Path value) {
        if (PlotFormat.forPath(value).isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--output must end in .svg, .png or .dot, got " + value);
        }
        output = OptionChecks.outputFile(spec, "--output", value);
    }

    @Override
    public Integer call() {
        ImportedModel m = modelOptions.load(model);
        PlotFormat format = Plots.write(m, output);
        main.out.println("wrote " + output + " (" + format.extension() + ", " + m.layers().size() + " layers)");
        return ExitCodes.OK;
    }
}
