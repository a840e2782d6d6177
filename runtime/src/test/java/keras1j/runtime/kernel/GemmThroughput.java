package keras1j.runtime.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;

/**
 * Manual performance check (not run by the test suite): GFLOP/s per CPU second of the SGEMM on
 * given shapes, beside the FMA peak probe. Usage: {@code GemmThroughput rows k n [iterations]}.
 */
public final class GemmThroughput {
    private GemmThroughput() {
    }

    public static void main(String[] args) {
        int m = Integer.parseInt(args[0]);
        int k = Integer.parseInt(args[1]);
        int n = Integer.parseInt(args[2]);
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Random r = new Random(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextFloat();
        }
        float[] c = new float[m * n];
        Sgemm g = Kernels.sgemm();
        PackedMatrix p = g.pack(b, 0, n, k, n);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        double flops = 2.0 * m * n * k;
        double best = Double.MAX_VALUE;
        for (int it = 0; it < iterations; it++) {
            long c0 = bean.getCurrentThreadCpuTime();
            g.multiply(m, a, 0, k, p, 0, n, c, 0, n, false);
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - c0) / 1e9);
        }
        System.out.printf("%s %dx%dx%d: %.1f GFLOP/s per CPU second; probe %.1f%n", g.name(), m, k, n,
                flops / best / 1e9, FmaProbe.gflops());
    }
}
