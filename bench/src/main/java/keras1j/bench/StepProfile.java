package keras1j.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.kernel.Kernels;
import keras1j.runtime.kernel.StepTimes;
import keras1j.runtime.tensor.Tensor;

/**
 * Per-layer time breakdown of the Java engine on one bench model: the engine is warmed up, then
 * {@code calls} predictions are timed step by step ({@link StepTimes}); prints the steps by kind
 * (milliseconds per call, share, GFLOP/s of the counted ops) and the slowest steps.
 *
 * <pre>StepProfile [model [batch [threads [calls [warmup-seconds [steps-listed]]]]]]   (default resnet50 1 1 20 10 25)</pre>
 */
public final class StepProfile {
    private StepProfile() {
    }

    public static void main(String[] args) {
        String model = args.length > 0 ? args[0] : "resnet50";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        double warmup = args.length > 4 ? Double.parseDouble(args[4]) : 10;
        int listed = args.length > 5 ? Integer.parseInt(args[5]) : 25;
        Graph graph = BenchModels.get(model).load().graph();
        Map<String, Tensor> inputs = RandomInputs.of(graph, batch, new Random(EngineBenchmark.INPUT_SEED));
        try (JavaEngine engine = JavaEngine.create(graph, JavaEngineOptions.defaults().withThreads(threads))) {
            Graph optimized = engine.optimizedGraph();
            Map<String, Long> flops = new LinkedHashMap<>();
            for (Node n : optimized.nodes()) {
                flops.put(n.name(), 2 * Flops.macsPerSample(optimized, n) * batch);
            }
            long end = System.nanoTime() + (long) (warmup * 1e9);
            while (System.nanoTime() < end) {
                engine.predict(inputs);
            }
            double[] whole = new double[calls];
            StepTimes times = StepTimes.start();
            for (int c = 0; c < calls; c++) {
                long t0 = System.nanoTime();
                engine.predict(inputs);
                whole[c] = (System.nanoTime() - t0) / 1e6;
            }
            times.stop();
            java.util.Arrays.sort(whole);
            List<StepTimes.Entry> entries = times.entries();
            double total = entries.stream().mapToLong(StepTimes.Entry::nanos).sum() / 1e6 / calls;
            System.out.printf(Locale.ROOT, "%s batch %d threads %d, kernels %s, JDK %s: %d calls, median %.2f ms"
                    + " per call, steps sum %.2f ms per call%n%n", model, batch, threads, Kernels.description(),
                    Runtime.version(), calls, whole[calls / 2], total);
            Map<String, double[]> byKind = new LinkedHashMap<>();
            for (StepTimes.Entry e : entries) {
                double[] k = byKind.computeIfAbsent(e.kind(), x -> new double[3]);
                k[0] += e.nanos() / 1e6 / calls;
                k[1] += flops.getOrDefault(e.step(), 0L);
                k[2]++;
            }
            List<Map.Entry<String, double[]>> kinds = new ArrayList<>(byKind.entrySet());
            kinds.sort(Comparator.comparingDouble(e -> -e.getValue()[0]));
            System.out.println("| kind | steps | ms/call | share | GFLOP | GFLOP/s |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            for (Map.Entry<String, double[]> e : kinds) {
                double[] k = e.getValue();
                System.out.printf(Locale.ROOT, "| %s | %d | %.2f | %.1f%% | %.3f | %s |%n", e.getKey(), (int) k[2],
                        k[0], 100 * k[0] / total, k[1] / 1e9, k[1] > 0 ? String.format(Locale.ROOT, "%.1f",
                                k[1] / 1e9 / (k[0] / 1e3)) : "");
            }
            System.out.println();
            List<StepTimes.Entry> slow = new ArrayList<>(entries);
            slow.sort(Comparator.comparingLong(e -> -e.nanos()));
            System.out.println("| step | kind | ms/call | GFLOP/s |");
            System.out.println("|---|---|---:|---:|");
            for (StepTimes.Entry e : slow.subList(0, Math.min(listed, slow.size()))) {
                double ms = e.nanos() / 1e6 / calls;
                long f = flops.getOrDefault(e.step(), 0L);
                System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %s |%n", e.step(), e.kind(), ms,
                        f > 0 ? String.format(Locale.ROOT, "%.1f", f / 1e9 / (ms / 1e3)) : "");
            }
        }
    }
}
