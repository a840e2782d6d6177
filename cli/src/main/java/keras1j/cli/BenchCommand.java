package keras1j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import keras1j.cli.io.Progress;
import keras1j.cli.io.WeightsBar;
import keras1j.keras.ImportedModel;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.EngineSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keras1j bench MODEL}: warm-up, then throughput and latency percentiles on random inputs.
 * For users sizing a service; the project's engine comparison uses JMH (module {@code bench}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Warm-up, then throughput and latency percentiles on random inputs. A .json without weights "
                + "needs --random-weights SEED."})
final class BenchCommand extends ModelCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "A full-model .h5, or a .json with --weights "
            + "or --random-weights.")
    Path model;

    @Mixin
    EngineOptions engineOptions;

    private int batch = 1;
    private double warmup = 3.0;
    private double seconds = 10.0;

    @Option(names = "--batch", paramLabel = "N", description = "Samples per prediction, 1 to "
            + OptionChecks.MAX_BATCH + " (default: 1).")
    void setBatch(int value) {
        batch = OptionChecks.intIn(spec, "--batch", value, 1, OptionChecks.MAX_BATCH);
    }

    @Option(names = "--warmup-seconds", paramLabel = "S", description = "Warm-up time, >= 0 (default: 3).")
    void setWarmup(double value) {
        warmup = OptionChecks.seconds(spec, "--warmup-seconds", value, true);
    }

    @Option(names = "--seconds", paramLabel = "S", description = "Measured time, > 0 (default: 10).")
    void setSeconds(double value) {
        seconds = OptionChecks.seconds(spec, "--seconds", value, false);
    }

    @Mixin
    ProgressOption progressOption;

    @Override
    public Integer call() {
        ImportedModel m = modelOptions.loadRunnable(model, Map.of());
        EngineSettings settings = engineOptions.settings();
        Map<String, Tensor> inputs = RandomInputs.of(m.graph(), batch, new Random(42));
        Progress progress = progressOption.of(main);
        try (WeightsBar weights = progress.weights("weights");
                Engine engine = engineOptions.open(m.graph(), weights)) {
            try (Progress.Task task = progress.start("warm-up", 0, "runs")) {
                runFor(engine, inputs, warmup, 3, task);
            }
            long[] latencies;
            try (Progress.Task task = progress.start("bench", 0, "runs")) {
                latencies = runFor(engine, inputs, seconds, 10, task);
            }
            Arrays.sort(latencies);
            double totalSeconds = Arrays.stream(latencies).sum() / 1e9;
            main.out.printf("engine %s, batch %d, threads %d, %d runs%n", settings.kind().cliName(), batch,
                    settings.threads(), latencies.length);
            main.out.printf("throughput: %.1f samples/s (%.2f runs/s)%n", latencies.length * batch / totalSeconds,
                    latencies.length / totalSeconds);
            main.out.printf("latency ms: min %.3f  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f%n", ms(latencies, 0.0),
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
