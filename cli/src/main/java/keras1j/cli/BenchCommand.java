package keras1j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import keras1j.cli.io.Progress;
import keras1j.keras.ImportedModel;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.EngineSettings;
import keras1j.verify.Engines;

/**
 * {@code keras1j bench MODEL}: warm-up, then throughput and latency percentiles on random inputs.
 * For users sizing a service; the project's engine comparison uses JMH (module {@code bench}).
 */
final class BenchCommand implements Command {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String usage() {
        return "bench MODEL [--weights W.h5] [--engine java|onnxruntime] [--batch N] [--threads T]"
                + " [--warmup-seconds S] [--seconds S] [--no-progress]";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.union(ModelArgs.IMPORT, ModelArgs.ENGINE, "batch", "warmup-seconds", "seconds");
    }

    @Override
    public Set<String> flags() {
        return Set.of("no-progress");
    }

    @Override
    public int run(Args args, PrintStream out) {
        ImportedModel model = ModelArgs.load(args, args.onePositional("MODEL"));
        int batch = args.intOption("batch", 1);
        if (batch < 1) {
            throw new UsageException("--batch must be >= 1");
        }
        double warmup = args.doubleOption("warmup-seconds").orElse(3.0);
        double seconds = args.doubleOption("seconds").orElse(10.0);
        EngineSettings settings = ModelArgs.engine(args);
        Map<String, Tensor> inputs = RandomInputs.of(model.graph(), batch, new Random(42));
        Progress progress = Progress.auto(System.err, !args.flag("no-progress"));
        try (Engine engine = Engines.open(model.graph(), settings)) {
            try (Progress.Task task = progress.start("warm-up", 0, "runs")) {
                runFor(engine, inputs, warmup, 3, task);
            }
            long[] latencies;
            try (Progress.Task task = progress.start("bench", 0, "runs")) {
                latencies = runFor(engine, inputs, seconds, 10, task);
            }
            Arrays.sort(latencies);
            double totalSeconds = Arrays.stream(latencies).sum() / 1e9;
            out.printf("engine %s, batch %d, threads %d, %d runs%n", settings.kind().cliName(), batch,
                    settings.threads(), latencies.length);
            out.printf("throughput: %.1f samples/s (%.2f runs/s)%n", latencies.length * batch / totalSeconds,
                    latencies.length / totalSeconds);
            out.printf("latency ms: min %.3f  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", ms(latencies, 0.0),
                    ms(latencies, 0.5), ms(latencies, 0.9), ms(latencies, 0.99), ms(latencies, 1.0));
        }
        return ExitCodes.OK;
    }

    private static long[] runFor(Engine engine, Map<String, Tensor> inputs, double seconds, int minRuns,
            Progress.Task task) {
        long[] lat = new long[64];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (n < minRuns || System.nanoTime() < end) {
            long t0 = System.nanoTime();
            engine.predict(inputs);
            long t = System.nanoTime() - t0;
            if (n == lat.length) {
                lat = Arrays.copyOf(lat, n * 2);
            }
            lat[n++] = t;
            task.advance(1);
        }
        return Arrays.copyOf(lat, n);
    }

    private static double ms(long[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)));
        return sorted[i] / 1e6;
    }
}
