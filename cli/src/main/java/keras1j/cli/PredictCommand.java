package keras1j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import keras1j.keras.ImportedModel;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Engines;
import keras1j.verify.Verifier;

/** {@code keras1j predict MODEL --input IN.h5 --output OUT.h5}. */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String usage() {
        return "predict MODEL [--weights W.h5] --input IN.h5 --output OUT.h5 [--engine java|onnxruntime]"
                + " [--threads T] [--opset N]";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.union(ModelArgs.IMPORT, ModelArgs.ENGINE, "input", "output");
    }

    @Override
    public int run(Args args, PrintStream out) {
        String modelPath = args.onePositional("MODEL");
        Path input = Path.of(args.required("input"));
        Path output = Path.of(args.required("output"));
        Map<String, Tensor> available = Hdf5Tensors.readGroup(input, "inputs");
        ImportedModel model = ModelArgs.load(args, modelPath, available);
        Map<String, Tensor> inputs = Verifier.modelInputs(model, available, input);
        Map<String, Tensor> outputs;
        try (Engine engine = Engines.open(model.graph(), ModelArgs.engine(args))) {
            outputs = engine.predict(inputs);
        }
        Hdf5Tensors.writeGroups(output, Map.of("outputs", outputs));
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            out.println("outputs/" + e.getKey() + " " + java.util.Arrays.toString(e.getValue().shape()));
        }
        out.println("wrote " + output);
        return ExitCodes.OK;
    }
}
