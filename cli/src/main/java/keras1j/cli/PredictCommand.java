package keras1j.cli;

import java.nio.file.Path;

import keras1j.cli.io.Progress;
import keras1j.cli.io.StreamingPredict;
import keras1j.cli.io.WeightsBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keras1j predict MODEL --input IN --output OUT}: reads HDF5, {@code .npy} or {@code .npz}
 * inputs batch by batch and writes {@code .h5}, {@code .npy} or {@code .npz} by the output's
 * extension (see {@link StreamingPredict}).
 */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Runs the model over IN batch by batch and writes OUT as it goes (atomically: complete or "
                + "absent). IN: a .npy (one input), a .npz (one NAME.npy entry per input layer) or HDF5 "
                + "(inputs/<input layer> datasets). OUT by its extension: .npy (one output), .npz (one entry per "
                + "output layer) or .h5/.hdf5 (outputs/<output layer>); any other extension is a usage error."})
final class PredictCommand extends ModelCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A full-model .h5, or a .json with --weights.")
    Path model;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--input", paramLabel = "IN", required = true,
            description = "Inputs, batch first: .npy, .npz or HDF5 (recognised by content).")
    Path input;

    private Path output;

    @Option(names = "--output", paramLabel = "OUT", required = true,
            description = "Outputs to write: .npy, .npz, .h5 or .hdf5; its folder must exist.")
    void setOutput(Path value) {
        output = OptionChecks.outputFile(spec, "--output", value);
    }

    private int batchSize = StreamingPredict.DEFAULT_BATCH_SIZE;

    @Option(names = "--batch-size", paramLabel = "N", description = "Samples per engine call, 1 to "
            + OptionChecks.MAX_BATCH + " (default: " + StreamingPredict.DEFAULT_BATCH_SIZE + "); memory is bounded "
            + "by the batch, not the input.")
    void setBatchSize(int value) {
        batchSize = OptionChecks.intIn(spec, "--batch-size", value, 1, OptionChecks.MAX_BATCH);
    }

    @Mixin
    ProgressOption progressOption;

    @Override
    public Integer call() {
        Progress progress = progressOption.of(main);
        try (WeightsBar weights = progress.weights("weights")) {
            StreamingPredict.run(input, output, batchSize, shapes -> modelOptions.loadRunnable(model, shapes),
                    m -> engineOptions.open(m.graph(), weights), progress, main.out);
        }
        return ExitCodes.OK;
    }
}
