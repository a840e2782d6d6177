package keras1j.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

import keras1j.cli.io.Progress;
import keras1j.cli.io.StreamingPredict;
import keras1j.verify.Engines;

/** {@code keras1j predict MODEL --input IN --output OUT}: see {@link StreamingPredict}. */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String usage() {
        return "predict MODEL [--weights W.h5] --input IN.h5|.npy|.npz --output OUT.h5|.npy|.npz"
                + " [--batch-size N] [--engine java|onnxruntime] [--threads T] [--opset N] [--no-progress]";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.union(ModelArgs.IMPORT, ModelArgs.ENGINE, "input", "output", "batch-size");
    }

    @Override
    public Set<String> flags() {
        return Set.of("no-progress");
    }

    @Override
    public int run(Args args, PrintStream out) {
        String modelPath = args.onePositional("MODEL");
        Path input = Path.of(args.required("input"));
        Path output = Path.of(args.required("output"));
        int batchSize = args.intOption("batch-size", StreamingPredict.DEFAULT_BATCH_SIZE);
        if (batchSize < 1) {
            throw new UsageException("--batch-size must be >= 1");
        }
        StreamingPredict.run(input, output, batchSize, shapes -> ModelArgs.load(args, modelPath, shapes),
                model -> Engines.open(model.graph(), ModelArgs.engine(args)),
                Progress.auto(System.err, !args.flag("no-progress")), out);
        return ExitCodes.OK;
    }
}
