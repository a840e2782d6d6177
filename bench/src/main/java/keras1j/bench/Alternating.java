package keras1j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.kernel.Kernels;
import keras1j.runtime.tensor.Tensor;

/**
 * The Java engine against ONNX Runtime with calls interleaved: for each configuration
 * ({@code model:batch:threads}) both engines are opened in this JVM, warmed up, then called in
 * alternating order (Java first in even rounds, ONNX Runtime first in odd ones) so that both see the
 * same machine load; the report gives each engine's median time per call, the Java/ORT ratio of the
 * medians, GFLOP/s and the load average before and after. Prints a markdown table (and appends it to
 * {@code --out FILE} if given; with {@code --rows-only}, only its rows, to extend a table that an
 * earlier run began). Configurations run one after the other in this JVM, so a configuration meets
 * the state the earlier ones left (ONNX Runtime measured 10-15% slower on ResNet50 after the VGG16
 * sessions of the same process); {@code bench/run-perf-check.sh} runs each in a JVM of its own.
 *
 * <pre>Alternating [--rounds N] [--min-seconds S] [--warmup SECONDS] [--out FILE [--rows-only]] model:batch:threads...</pre>
 *
 * <p>Each configuration runs at least {@code --rounds} rounds (15 by default) and, with
 * {@code --min-seconds}, as many more as fit in that time, in pairs of one round of each order.
 */
public final class Alternating {
    private Alternating() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = 15;
        double minSeconds = 0;
        double warmup = 5;
        Path out = null;
        boolean rowsOnly = false;
        List<String> configs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--min-seconds" -> minSeconds = Double.parseDouble(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--rows-only" -> rowsOnly = true;
                default -> configs.add(args[i]);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT,
                "JDK %s, kernels %s, at least %d alternating rounds and %.0f s of them, after %.0f s warm-up%n%n",
                Runtime.version(), Kernels.description(), rounds, minSeconds, warmup));
        md.append("| model | batch | threads | GFLOP/op | Java ms (median) | ORT ms (median) | Java / ORT |"
                + " GFLOP/s Java | GFLOP/s ORT | rounds | load before / after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        System.out.print(md);
        if (rowsOnly) {
            md.setLength(0);
        }
        for (String c : configs) {
            String row = run(c, rounds, minSeconds, warmup);
            System.out.print(row);
            md.append(row);
        }
        if (out != null) {
            Files.writeString(out, md.toString(), java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
    }

    private static String run(String config, int minRounds, double minSeconds, double warmupSeconds) {
        String[] p = config.split(":");
        String model = p[0];
        int batch = Integer.parseInt(p[1]);
        int threads = Integer.parseInt(p[2]);
        Graph graph = BenchModels.get(model).load().graph();
        Map<String, Tensor> inputs = RandomInputs.of(graph, batch, new Random(EngineBenchmark.INPUT_SEED));
        double gflop = Flops.of(graph, batch) / 1e9;
        try (Engine java = EngineKind.JAVA.open(graph, threads);
                Engine ort = EngineKind.ONNX_RUNTIME.open(graph, threads)) {
            long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
            int calls = 0;
            while (calls < 3 || System.nanoTime() < end) {
                java.predict(inputs);
                ort.predict(inputs);
                calls++;
            }
            String load = loadAverage();
            // at least minRounds rounds and minSeconds of them, in pairs (one of each order); more
            // rounds of a fast model keep a few seconds of another tenant's load from moving its median
            List<Double> tj = new ArrayList<>();
            List<Double> to = new ArrayList<>();
            long until = System.nanoTime() + (long) (minSeconds * 1e9);
            for (int r = 0; r < minRounds || r % 2 == 1 || System.nanoTime() < until; r++) {
                if (r % 2 == 0) {
                    tj.add(time(java, inputs));
                    to.add(time(ort, inputs));
                } else {
                    to.add(time(ort, inputs));
                    tj.add(time(java, inputs));
                }
            }
            double mj = median(tj);
            double mo = median(to);
            return String.format(Locale.ROOT,
                    "| %s | %d | %d | %.3g | %.3g | %.3g | %.2f | %.1f | %.1f | %d | %s / %s |%n", model, batch, threads,
                    gflop, mj, mo, mj / mo, gflop / mj * 1e3, gflop / mo * 1e3, tj.size(), load, loadAverage());
        }
    }

    /**
     * One timed call of {@code e}, after one untimed call: the untimed call absorbs what the other
     * engine's call left running (ONNX Runtime's intra-op workers spin for a while after each run, by
     * default, and took a core from a Java call that followed at once), so that each timed call runs
     * in its own engine's steady state, as in a loop of calls of that engine alone.
     */
    private static double time(Engine e, Map<String, Tensor> inputs) {
        e.predict(inputs);
        long t0 = System.nanoTime();
        e.predict(inputs);
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The 1-minute load average (Linux), or {@code ?}. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
