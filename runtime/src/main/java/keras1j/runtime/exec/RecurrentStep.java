package keras1j.runtime.exec;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.RecurrentCell;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.Sgemm;

/**
 * A recurrent layer: the input projection {@code x W + b} of every step of every sample as one
 * matrix product, then the loop over time, in which each step adds the states of a block of samples
 * times {@code U} onto that step's projection rows (one product per step and block; GRU a second one
 * for its reset-gated part) and applies the gates there.
 * Samples are independent, so blocks of them run in parallel. Immutable; thread-safe.
 */
final class RecurrentStep extends Step {
    private final RecurrentCell cell;
    private final PackedMatrix w;
    /** {@code U}, or for GRU its {@code z|r} columns. */
    private final PackedMatrix u;
    /** GRU: the {@code h} columns of {@code U}; else null. */
    private final PackedMatrix uh;
    private final float[] bias;
    private final Act act;
    private final Act inner;
    private final boolean goBackwards;
    private final boolean returnSequences;
    private final boolean reverseOutput;
    private final Sgemm gemm;
    private final int features;
    private final int units;
    private final int width;

    RecurrentStep(String name, Recurrent op, KernelSet kernels) {
        super(name);
        Sgemm gemm = kernels.sgemm();
        this.cell = op.cell();
        this.units = op.units();
        this.width = cell.gates() * units;
        this.features = op.inputWeights().dim(0);
        this.gemm = gemm;
        this.w = gemm.pack(op.inputWeights().data(), 0, width, features, width);
        float[] ud = op.recurrentWeights().data();
        if (cell == RecurrentCell.GRU) {
            this.u = gemm.pack(ud, 0, width, units, 2 * units);
            this.uh = gemm.pack(ud, 2 * units, width, units, units);
        } else {
            this.u = gemm.pack(ud, 0, width, units, width);
            this.uh = null;
        }
        this.bias = op.bias().clone();
        this.act = act(op.activation(), kernels);
        this.inner = act(op.innerActivation(), kernels);
        this.goBackwards = op.goBackwards();
        this.returnSequences = op.returnSequences();
        this.reverseOutput = op.reverseOutput();
    }

    private static Act act(ActivationKind kind, KernelSet kernels) {
        return kind == null ? null : new Act(kind, 1f, kernels);
    }

    /**
     * The sequence length is read from the input's size, so that one plan serves any length. Buffers
     * are exactly the values' sizes.
     */
    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        float[] mask = in.length > 1 ? in[1] : null;
        if (batch == 0 || x.length == 0) {
            return;
        }
        int steps = x.length / (batch * features);
        float[] proj = exec.arena.take(batch * steps * width);
        GemmRunner.multiply(exec, gemm, batch * steps, x, 0, features, w, proj, 0, width, 0, bias, null);
        long work = 2L * batch * steps * units * (long) width;
        int grain = Math.max(1, Math.min(16, (batch + exec.parallel.threads() - 1) / exec.parallel.threads()));
        exec.parallel.forRange(batch, grain, work, (worker, b0, b1) -> loop(proj, mask, out, steps, b0, b1));
        exec.arena.give(proj);
    }

    /**
     * The time loop for samples {@code [b0, b1)}. Each step adds {@code h U} onto the step's rows of
     * the projection (one product with the projection's row stride, {@code T * width}), then applies
     * the gate activations in place there.
     */
    private void loop(float[] proj, float[] mask, float[] out, int steps, int b0, int b1) {
        int m = b1 - b0;
        int stride = steps * width;
        float[] h = new float[m * units];
        float[] c = cell == RecurrentCell.LSTM ? new float[m * units] : null;
        float[] rh = cell == RecurrentCell.GRU ? new float[m * units] : null;
        float[] hh = cell == RecurrentCell.GRU ? new float[m * units] : null;
        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            int base = (b0 * steps + t) * width;
            gemm.multiply(m, h, 0, units, u, 0, u.cols(), proj, base, stride, true);
            switch (cell) {
                case SIMPLE -> simple(proj, mask, steps, b0, m, t, h);
                case LSTM -> lstm(proj, mask, steps, b0, m, t, h, c);
                case GRU -> gru(proj, mask, steps, b0, m, t, h, rh, hh);
            }
            if (returnSequences) {
                int o = reverseOutput ? steps - 1 - s : s;
                for (int i = 0; i < m; i++) {
                    System.arraycopy(h, i * units, out, ((b0 + i) * steps + o) * units, units);
                }
            }
        }
        if (!returnSequences) {
            System.arraycopy(h, 0, out, b0 * units, m * units);
        }
    }

    private static boolean masked(float[] mask, int steps, int b, int t) {
        return mask != null && mask[b * steps + t] == 0f;
    }

    private static void apply(Act a, float[] v, int from, int to) {
        if (a != null) {
            a.apply(v, v, from, to);
        }
    }

    /** Offset of sample {@code b}'s gates at input step {@code t} in the projection. */
    private int row(int steps, int b, int t) {
        return (b * steps + t) * width;
    }

    private void simple(float[] g, float[] mask, int steps, int b0, int m, int t, float[] h) {
        for (int i = 0; i < m; i++) {
            if (masked(mask, steps, b0 + i, t)) {
                continue;
            }
            int go = row(steps, b0 + i, t);
            apply(act, g, go, go + units);
            System.arraycopy(g, go, h, i * units, units);
        }
    }

    private void lstm(float[] g, float[] mask, int steps, int b0, int m, int t, float[] h, float[] c) {
        int n = units;
        for (int i = 0; i < m; i++) {
            if (masked(mask, steps, b0 + i, t)) {
                continue;
            }
            int go = row(steps, b0 + i, t);
            apply(inner, g, go, go + 2 * n);
            apply(act, g, go + 2 * n, go + 3 * n);
            apply(inner, g, go + 3 * n, go + 4 * n);
            int so = i * n;
            for (int j = 0; j < n; j++) {
                float cj = g[go + n + j] * c[so + j] + g[go + j] * g[go + 2 * n + j];
                c[so + j] = cj;
                h[so + j] = cj;
            }
            apply(act, h, so, so + n);
            for (int j = 0; j < n; j++) {
                h[so + j] *= g[go + 3 * n + j];
            }
        }
    }

    private void gru(float[] g, float[] mask, int steps, int b0, int m, int t, float[] h, float[] rh, float[] hh) {
        int n = units;
        for (int i = 0; i < m; i++) {
            int go = row(steps, b0 + i, t);
            int so = i * n;
            apply(inner, g, go, go + 2 * n);
            for (int j = 0; j < n; j++) {
                rh[so + j] = g[go + n + j] * h[so + j];
            }
        }
        gemm.multiply(m, rh, 0, n, uh, 0, n, hh, 0, n, false);
        for (int i = 0; i < m; i++) {
            if (masked(mask, steps, b0 + i, t)) {
                continue;
            }
            int go = row(steps, b0 + i, t);
            int so = i * n;
            for (int j = 0; j < n; j++) {
                hh[so + j] += g[go + 2 * n + j];
            }
            apply(act, hh, so, so + n);
            for (int j = 0; j < n; j++) {
                float z = g[go + j];
                h[so + j] = z * h[so + j] + (1f - z) * hh[so + j];
            }
        }
    }
}
