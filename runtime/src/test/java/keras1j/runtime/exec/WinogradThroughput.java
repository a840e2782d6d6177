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
 * {@code HxWxC -> C'} at batch 1 computed directly (the planner's non-Winograd step), by F(2x2,3x3) and
 * by F(4x4,3x3), calls interleaved round-robin, per-thread CPU time, medians; GFLOP/s count the direct
 * convolution's multiplies, against the FMA probe measured in the same run. Usage:
 * {@code WinogradThroughput rounds HxWxCxC' ...}, e.g. {@code 15 224x224x64x64 56x56x256x256}; a
 * {@code 1d:LxCxC'xB} argument measures the 1D length-3 "same" convolution of length {@code L} at batch
 * {@code B} the same way (direct, F(2,3), F(4,3)), e.g. {@code 1d:256x128x128x1}.
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
            if (args[s].startsWith("1d:")) {
                oneD(args[s], rounds, bean, k, peak);
                continue;
            }
            int[] d = Arrays.stream(args[s].split("x")).mapToInt(Integer::parseInt).toArray();
            int h = d[0];
            int w = d[1];
            int cin = d[2];
            int cout = d[3];
            Random r = new Random(1);
            Conv op = new Conv(Problems.random(r, 3, 3, cin, cout), Problems.randomVector(r, cout), new int[] {1, 1},
                    new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1);
            Window win = new Window(new int[] {h, w}, new int[] {3, 3}, new int[] {1, 1}, null, new int[] {1, 1},
                    new int[] {h, w});
            List<Step> steps = new ArrayList<>();
            steps.add(new ConvStep("direct", op, win, cin, k));
            steps.add(new WinogradConvStep("F2", op, win, cin, k, 2));
            steps.add(new WinogradConvStep("F4", op, win, cin, k, 4));
            float[] x = Problems.random(r, 1, h, w, cin).data();
            float[][] outs = new float[steps.size()][h * w * cout];
            double flops = 2.0 * h * w * cin * cout * 9;
            double[][] cpu = new double[steps.size()][rounds];
            try (Parallel p = new Parallel(1)) {
                Exec exec = new Exec(p, new Arena(keras1j.runtime.memory.MemoryBudget.defaults()));
                exec.arena.begin(1);
                for (int warm = 0; warm < 3; warm++) {
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

    private static void oneD(String spec, int rounds, ThreadMXBean bean, KernelSet k, double peak) {
        int[] d = Arrays.stream(spec.substring(3).split("x")).mapToInt(Integer::parseInt).toArray();
        int len = d[0];
        int cin = d[1];
        int cout = d[2];
        int batch = d.length > 3 ? d[3] : 1;
        Random r = new Random(1);
        Conv op = new Conv(Problems.random(r, 3, cin, cout), Problems.randomVector(r, cout), new int[] {1},
                new int[] {1}, new int[] {1}, new int[] {1}, 1);
        Window win = new Window(new int[] {len}, new int[] {3}, new int[] {1}, null, new int[] {1}, new int[] {len});
        List<Step> steps = new ArrayList<>();
        steps.add(new ConvStep("direct", op, win, cin, k));
        steps.add(new Winograd1DConvStep("F2", op, win, cin, k, 2));
        steps.add(new Winograd1DConvStep("F4", op, win, cin, k, 4));
        float[] x = Problems.random(r, batch, len, cin).data();
        float[][] outs = new float[steps.size()][batch * len * cout];
        double flops = 2.0 * batch * len * cin * cout * 3;
        double[][] cpu = new double[steps.size()][rounds];
        // repeat short calls so that one timing covers about a millisecond
        int reps = (int) Math.max(1, Math.min(1000, 2e8 / flops));
        try (Parallel p = new Parallel(1)) {
            Exec exec = new Exec(p, new Arena(keras1j.runtime.memory.MemoryBudget.defaults()));
            exec.arena.begin(batch);
            for (int warm = 0; warm < 20; warm++) {
                for (int i = 0; i < steps.size(); i++) {
                    for (int q = 0; q < reps; q++) {
                        steps.get(i).run(exec, batch, new float[][] {x}, outs[i], null);
                    }
                }
            }
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < steps.size(); i++) {
                    long c0 = bean.getCurrentThreadCpuTime();
                    for (int q = 0; q < reps; q++) {
                        steps.get(i).run(exec, batch, new float[][] {x}, outs[i], null);
                    }
                    cpu[i][round] = (bean.getCurrentThreadCpuTime() - c0) / 1e9 / reps;
                }
            }
        }
        StringBuilder line = new StringBuilder(spec + ":");
        for (int i = 0; i < steps.size(); i++) {
            double t = median(cpu[i]);
            double gf = flops / t / 1e9;
            line.append(String.format(" %s %.1f us %.1f GFLOP/s (%.0f%% of probe);", steps.get(i).name, t * 1e6, gf,
                    100 * gf / peak));
        }
        double maxDiff = 0;
        for (int i = 0; i < outs[0].length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(outs[0][i] - outs[2][i]));
        }
        System.out.println(line + String.format(" max |direct - F4| %.2g", maxDiff));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
