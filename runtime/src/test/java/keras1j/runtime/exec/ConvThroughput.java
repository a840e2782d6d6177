package keras1j.runtime.exec;

import java.util.Map;
import java.util.Random;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.Tensor;

/**
 * Manual performance sanity check (not run by the test suite): times a 224x224x64 -> 64 3x3
 * convolution (or with {@code depthwise}, a 3x3 depthwise one on the same tensor) and prints
 * GFLOP/s. Usage: {@code ConvThroughput [threads] [iterations] [depthwise]}.
 */
public final class ConvThroughput {
    private ConvThroughput() {
    }

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int size = 224;
        int c = 64;
        Random r = new Random(1);
        boolean depthwise = args.length > 2 && args[2].equals("depthwise");
        Conv op = new Conv(Problems.random(r, 3, 3, depthwise ? 1 : c, c), Problems.randomVector(r, c),
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, depthwise ? c : 1);
        Graph g = Problems.single(op, new int[] {size, size, c});
        Map<String, Tensor> in = Map.of("x0", Problems.random(r, 1, size, size, c));
        double flops = 2.0 * size * size * c * 9 * (depthwise ? 1 : c);
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(threads))) {
            System.out.println("kernel " + keras1j.runtime.kernel.Kernels.sgemm().name() + ", threads " + threads);
            for (int i = 0; i < 3; i++) {
                e.predict(in);
            }
            java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
            double best = Double.MAX_VALUE;
            double bestCpu = Double.MAX_VALUE;
            for (int i = 0; i < iterations; i++) {
                long c0 = bean.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                e.predict(in);
                double s = (System.nanoTime() - t0) / 1e9;
                double cpu = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
                best = Math.min(best, s);
                bestCpu = Math.min(bestCpu, cpu);
                System.out.printf("  %.1f ms, %.2f GFLOP/s (caller thread CPU %.1f ms)%n", s * 1e3, flops / s / 1e9,
                        cpu * 1e3);
            }
            System.out.printf("best %.1f ms, %.2f GFLOP/s wall", best * 1e3, flops / best / 1e9);
            if (threads == 1) {
                // the caller does all the work: its CPU time excludes time lost to other processes
                System.out.printf("; %.2f GFLOP/s per CPU second", flops / bestCpu / 1e9);
            }
            System.out.println();
        }
    }
}
