package keras1j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import keras1j.keras.ImportedModel;
import keras1j.verify.plot.PlotFormat;
import keras1j.verify.plot.Plots;

/**
 * {@code keras1j plot MODEL --output model.svg|.png|.dot}: the layer graph like Keras'
 * {@code plot(model, show_shapes=True)}; works on the architecture alone.
 */
final class PlotCommand implements Command {
    @Override
    public String name() {
        return "plot";
    }

    @Override
    public String usage() {
        return "plot MODEL [--weights W.h5] --output OUT.svg|OUT.png|OUT.dot";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.union(ModelArgs.IMPORT, Set.of("output"));
    }

    @Override
    public int run(Args args, PrintStream out) {
        String modelPath = args.onePositional("MODEL");
        Path output = Path.of(args.required("output"));
        if (PlotFormat.forPath(output).isEmpty()) {
            throw new UsageException("--output must end in .svg, .png or .dot, got " + output);
        }
        ImportedModel model = ModelArgs.load(args, modelPath);
        PlotFormat format = Plots.write(model, output);
        out.println("wrote " + output + " (" + format.extension() + ", " + model.layers().size() + " layers)");
        return ExitCodes.OK;
    }
}
