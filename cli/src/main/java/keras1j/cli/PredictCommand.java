package keras1j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;

import keras1j.keras.ImportedModel;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Engines;
import keras1j.verify.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code keras1j predict MODEL --input IN.h5 --output OUT.h5}. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs the model on the inputs/<input layer> datasets of IN.h5 and writes "
                + "outputs/<output layer> datasets to OUT.h5 (atomically: complete or absent)."})
final class PredictCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "A full-model .h5, or a .json with --weights.")
    Path model;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--input", paramLabel = "IN.h5", required = true,
            description = "HDF5 file with one dataset inputs/<input layer name> per model input, batch first.")
    Path input;

    private Path output;

    @Option(names = "--output", paramLabel = "OUT.h5", required = true,
            description = "HDF5 file to write, one dataset outputs/<output layer name> per model output; its "
                    + "folder must exist.")
    void setOutput(Path value) {
        output = OptionChecks.outputFile(spec, "--output", value);
    }

    @Override
    public Integer call() {
        Map<String, Tensor> available = Hdf5Tensors.readGroup(input, "inputs");
        ImportedModel m = modelOptions.loadRunnable(model, available);
        Map<String, Tensor> inputs = Verifier.modelInputs(m, available, input);
        Map<String, Tensor> outputs;
        try (Engine engine = Engines.open(m.graph(), engineOptions.settings())) {
            outputs = engine.predict(inputs);
        }
        Hdf5Tensors.writeGroups(output, Map.of("outputs", outputs));
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            main.out.println("outputs/" + e.getKey() + " " + Arrays.toString(e.getValue().shape()));
        }
        main.out.println("wrote " + output);
        return ExitCodes.OK;
    }
}
