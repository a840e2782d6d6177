package keras1j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import keras1j.keras.ImportedModel;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxExporter;

/** {@code keras1j export MODEL --onnx OUT.onnx [--opset N]}. */
final class ExportCommand implements Command {
    @Override
    public String name() {
        return "export";
    }

    @Override
    public String usage() {
        return "export MODEL [--weights W.h5] --onnx OUT.onnx [--opset N]";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.union(ModelArgs.IMPORT, Set.of("onnx", "opset"));
    }

    @Override
    public int run(Args args, PrintStream out) {
        String modelPath = args.onePositional("MODEL");
        Path target = Path.of(args.required("onnx"));
        OnnxExportOptions options = OnnxExportOptions.defaults();
        options = options.withOpset(args.intOption("opset", options.opset()));
        ImportedModel model = ModelArgs.load(args, modelPath);
        OnnxExporter.write(model.graph(), options, target);
        out.println("wrote " + target + " (opset " + options.opset() + ", backend " + model.backend().keras()
                + ", dim ordering " + model.dimOrdering().keras() + ")");
        return ExitCodes.OK;
    }
}
