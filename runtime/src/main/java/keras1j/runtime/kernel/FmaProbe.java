package keras1j.runtime.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Measures the single-thread peak of fused multiply-adds this JVM reaches on the best kernels: a
 * loop of independent vector FMA chains (enough to cover the FMA latency of every pipe) on
 * registers only, timed in the calling thread's CPU time so that other processes do not count.
 * Benchmarks report kernels as a percentage of it. Stateless and thread-safe.
 */
public final class FmaProbe {
    private FmaProbe() {
    }

    /**
     * Peak GFLOP/s (2 per lane per FMA) of one thread, best of a few short runs after warm-up; the
     * Vector API probe when its module is present, else a plain-Java loop of scalar fused multiply-adds.
     */
    public static double gflops() {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        boolean cpuTime = bean.isCurrentThreadCpuTimeSupported();
        Probe probe = PROBE;
        long iterations = 1 << 16;
        for (int i = 0; i < 5; i++) {
            probe.run(iterations);
        }
        double best = 0;
        for (int i = 0; i < 15; i++) {
            long c0 = cpuTime ? bean.getCurrentThreadCpuTime() : System.nanoTime();
            double flops = probe.run(iterations * 16);
            long t = (cpuTime ? bean.getCurrentThreadCpuTime() : System.nanoTime()) - c0;
            if (t > 0) {
                best = Math.max(best, flops / t);
            }
        }
        return best;
    }

    /**
     * Runs the probe loop for {@code iterations} steps (for harnesses that time it themselves, e.g.
     * JMH); returns the floating-point operations done.
     */
    public static double run(long iterations) {
        return PROBE.run(iterations);
    }

    private static final Probe PROBE = Kernels.vectorSgemm().isPresent() ? vectorProbe() : FmaProbe::plain;
    private static final double FLOPS_PER_ITERATION = PROBE.run(1);

    /** The floating-point operations of {@link #run} for {@code iterations} steps. */
    public static double flops(long iterations) {
        return FLOPS_PER_ITERATION * iterations;
    }

    /** One timed run: returns its floating-point operations. */
    @FunctionalInterface
    interface Probe {
        double run(long iterations);
    }

    private static Probe vectorProbe() {
        try {
            Class<?> c = Class.forName("keras1j.runtime.kernel.VectorFmaProbe");
            return (Probe) c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return FmaProbe::plain;
        }
    }

    static volatile float sink;

    private static double plain(long iterations) {
        float a0 = 1f, a1 = 1.1f, a2 = 1.2f, a3 = 1.3f, a4 = 1.4f, a5 = 1.5f, a6 = 1.6f, a7 = 1.7f;
        float x = 0.999999f;
        float y = 1e-7f;
        for (long i = 0; i < iterations; i++) {
            a0 = Math.fma(a0, x, y);
            a1 = Math.fma(a1, x, y);
            a2 = Math.fma(a2, x, y);
            a3 = Math.fma(a3, x, y);
            a4 = Math.fma(a4, x, y);
            a5 = Math.fma(a5, x, y);
            a6 = Math.fma(a6, x, y);
            a7 = Math.fma(a7, x, y);
        }
        sink = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7;
        return 16.0 * iterations;
    }
}
