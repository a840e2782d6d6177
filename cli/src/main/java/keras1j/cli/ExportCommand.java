package keras1j.cli;

import java.nio.file.Path;
import java.util.Map;

import keras1j.cli.io.WeightsBar;
import keras1j.keras.ImportedModel;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code keras1j export MODEL --onnx OUT.onnx [--opset N]}. */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Exports the model to ONNX (written atomically). Inputs and outputs keep their Keras names "
                + "and layouts, with a symbolic batch axis N."})
final class ExportCommand extends ModelCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A full-model .h5, or a .json with --weights.")
    Path model;

    @Mixin
    OpsetOption opset;

    @Mixin
    ProgressOption progressOption;

    private Path target;

    @Option(names = "--onnx", paramLabel = "OUT.onnx", required = true,
            description = "The ONNX file to write; its folder must exist.")
    void setOnnx(Path value) {
        target = OptionChecks.outputFile(spec, "--onnx", value);
    }

    @Override
    public Integer call() {
        OnnxExportOptions options = opset.exportOptions();
        ImportedModel m = modelOptions.loadRunnable(model, Map.of());
        try (WeightsBar weights = progressOption.of(main).weights("weights")) {
            OnnxExporter.write(m.graph(), options.withWeightProgress(weights), target);
        }
        main.out.println("wrote " + target + " (opset " + options.opset() + ", backend " + m.backend().keras()
                + ", dim ordering " + m.dimOrdering().keras() + ")");
        return ExitCodes.OK;
    }
}
