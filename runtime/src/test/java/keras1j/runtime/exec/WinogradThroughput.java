package keras1j.runtime.exec;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.FmaProbe;
import keras1j.runtime.kernel.KernelSet;

/**
 * Manual performance check (not run by the test suite): one thread, 3x3 stride-1 "same" convolutions
 * {@code LxC, HxWxC or DxHxWxC -> C'} at batch 1 computed directly (the planner's non-Winograd step), by F(2x2,3x3) and
 * by F(4x4,3x3), calls interleaved round-robin, per-thread CPU time, medians; GFLOP/s count the direct
 * convolution's multiplies, against the FMA probe measured in the same run. Usage:
 * {@code WinogradThroughput rounds [D x][H x]W x C x C' ...}, e.g. {@code 15 224x224x64x64 256x128x128 16x16x16x64x64}.
 */
public final class WinogradThroughput {
    private WinogradThroughput() {
    }

    public static void main(String[] args) {
        int rounds = Integer.parseInt(args[0]);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        KernelSet k = KernelSet.of(KernelChoice.BEST);
        long probeIters = 1L << 22;
        double[] probe = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long c0 = bean.getCurrentThreadCpuTime();
            FmaProbe.run(probeIters);
            probe[i] = FmaProbe.flops(probeIters) / ((bean.getCurrentThreadCpuTime() - c0) / 1e9) / 1e9;
        }
        double peak = median(probe);
        System.out.printf("kernel %s, FMA probe %.1f GFLOP/s per CPU second (median of %d)%n", k.name(), peak, rounds);
        for (int s = 1; s < args.length; s++) {
            int[] d = Arrays.stream(args[s].split("x")).mapToInt(Integer::parseInt).toArray();
            int rank = d.length - 2;
            int[] sp = Arrays.copyOf(d, rank);
            int cin = d[rank];
            int cout = d[rank + 1];
            int[] kshape = new int[rank + 2];
            Arrays.fill(kshape, 3);
            kshape[rank] = cin;
            kshape[rank + 1] = cout;
            int[] ones = new int[rank];
            Arrays.fill(ones, 1);
            Random r = new Random(1);
            Conv op = new Conv(Problems.random(r, kshape), Problems.randomVector(r, cout), ones, ones, ones, ones, 1);
            Window win = new Window(sp, Arrays.copyOf(kshape, rank), ones, null, ones, sp);
            List<Step> steps = new ArrayList<>();
            steps.add(new ConvStep("direct", op, win, cin, k));
            steps.add(new WinogradConvStep("F2", op, win, cin, k, 2));
            steps.add(new WinogradConvStep("F4", op, win, cin, k, 4));
            int positions = Arrays.stream(sp).reduce(1, (u, v) -> u * v);
            int[] xs = new int[rank + 2];
            xs[0] = 1;
            System.arraycopy(sp, 0, xs, 1, rank);
            xs[rank + 1] = cin;
            float[] x = Problems.random(r, xs).data();
            float[][] outs = new float[steps.size()][positions * cout];
            double flops = 2.0 * positions * cin * cout * Math.pow(3, rank);
            double[][] cpu = new double[steps.size()][rounds];
            try (Parallel p = new Parallel(1)) {
                Exec exec = new Exec(p, new Arena(keras1j.runtime.memory.MemoryBudget.defaults()));
                exec.arena.begin(1);
                long warmEnd = System.nanoTime() + 500_000_000L; // at least 3 calls each and half a second
                for (int warm = 0; warm < 3 || System.nanoTime() < warmEnd; warm++) {
                    for (int i = 0; i < steps.size(); i++) {
                        steps.get(i).run(exec, 1, new float[][] {x}, outs[i], null);
                    }
                }
                for (int round = 0; round < rounds; round++) {
                    for (int i = 0; i < steps.size(); i++) {
                        long c0 = bean.getCurrentThreadCpuTime();
                        steps.get(i).run(exec, 1, new float[][] {x}, outs[i], null);
                        cpu[i][round] = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
                    }
                }
            }
            StringBuilder line = new StringBuilder(args[s] + ":");
            for (int i = 0; i < steps.size(); i++) {
                double t = median(cpu[i]);
                double gf = flops / t / 1e9;
                line.append(String.format(" %s %.2f ms %.1f GFLOP/s (%.0f%% of probe);", steps.get(i).name, t * 1e3, gf,
                        100 * gf / peak));
            }
            double maxDiff = 0;
            for (int i = 0; i < outs[0].length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(outs[0][i] - outs[2][i]));
            }
            System.out.println(line + String.format(" max |direct - F4| %.2g", maxDiff));
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
