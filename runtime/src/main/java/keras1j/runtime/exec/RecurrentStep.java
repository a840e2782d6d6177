package keras1j.runtime.exec;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.RecurrentCell;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * A recurrent layer: the input projection {@code x W + b} of every step of every sample as one
 * matrix product, then the loop over time, in which each step multiplies the states of a block of
 * samples by {@code U} (one product per step and block; GRU a second one for its reset-gated part).
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
    private final int steps;
    private final int features;
    private final int units;
    private final int width;

    RecurrentStep(String name, Recurrent op, int steps, Sgemm gemm) {
        super(name);
        this.cell = op.cell();
        this.units = op.units();
        this.width = cell.gates() * units;
        this.features = op.inputWeights().dim(0);
        this.steps = steps;
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
        this.act = act(op.activation());
        this.inner = act(op.innerActivation());
        this.goBackwards = op.goBackwards();
        this.returnSequences = op.returnSequences();
        this.reverseOutput = op.reverseOutput();
    }

    private static Act act(ActivationKind kind) {
        return kind == null ? null : new Act(kind, 1f);
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        float[] mask = in.length > 1 ? in[1] : null;
        float[] proj = exec.arena.take(batch * steps * width);
        GemmRunner.multiply(exec, gemm, batch * steps, x, 0, features, w, proj, 0, width, 0, bias, null);
        long work = 2L * batch * steps * units * (long) width;
        int grain = Math.max(1, Math.min(16, (batch + exec.parallel.threads() - 1) / exec.parallel.threads()));
        exec.parallel.forRange(batch, grain, work, (worker, b0, b1) -> loop(proj, mask, out, b0, b1));
        exec.arena.give(proj);
    }

    /** The time loop for samples {@code [b0, b1)}. */
    private void loop(float[] proj, float[] mask, float[] out, int b0, int b1) {
        int m = b1 - b0;
        float[] h = new float[m * units];
        float[] c = cell == RecurrentCell.LSTM ? new float[m * units] : null;
        float[] g = new float[m * width];
        float[] hu = new float[m * u.cols()];
        float[] rh = cell == RecurrentCell.GRU ? new float[m * units] : null;
        float[] hh = cell == RecurrentCell.GRU ? new float[m * units] : null;
        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            gemm.multiply(m, h, 0, units, u, 0, u.cols(), hu, 0, u.cols(), false);
            switch (cell) {
                case SIMPLE -> simple(proj, mask, b0, m, t, h, g, hu);
                case LSTM -> lstm(proj, mask, b0, m, t, h, c, g, hu);
                case GRU -> gru(proj, mask, b0, m, t, h, g, hu, rh, hh);
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

    private boolean masked(float[] mask, int b, int t) {
        return mask != null && mask[b * steps + t] == 0f;
    }

    private void apply(Act a, float[] v, int from, int to) {
        if (a != null) {
            a.apply(v, v, from, to);
        }
    }

    private void gates(float[] proj, int b, int t, float[] g, int gOff, float[] hu, int huOff, int n) {
        int p = (b * steps + t) * width;
        for (int j = 0; j < n; j++) {
            g[gOff + j] = proj[p + j] + hu[huOff + j];
        }
    }

    private void simple(float[] proj, float[] mask, int b0, int m, int t, float[] h, float[] g, float[] hu) {
        for (int i = 0; i < m; i++) {
            if (masked(mask, b0 + i, t)) {
                continue;
            }
            int off = i * units;
            gates(proj, b0 + i, t, h, off, hu, off, units);
            apply(act, h, off, off + units);
        }
    }

    private void lstm(float[] proj, float[] mask, int b0, int m, int t, float[] h, float[] c, float[] g, float[] hu) {
        int n = units;
        for (int i = 0; i < m; i++) {
            if (masked(mask, b0 + i, t)) {
                continue;
            }
            int go = i * width;
            gates(proj, b0 + i, t, g, go, hu, go, width);
            apply(inner, g, go, go + 2 * n);
            apply(act, g, go + 2 * n, go + 3 * n);
            apply(inner, g, go + 3 * n, go + 4 * n);
            int so = i * n;
            for (int j = 0; j < n; j++) {
                c[so + j] = g[go + n + j] * c[so + j] + g[go + j] * g[go + 2 * n + j];
                h[so + j] = c[so + j];
            }
            apply(act, h, so, so + n);
            for (int j = 0; j < n; j++) {
                h[so + j] *= g[go + 3 * n + j];
            }
        }
    }

    private void gru(float[] proj, float[] mask, int b0, int m, int t, float[] h, float[] g, float[] hu, float[] rh,
            float[] hh) {
        int n = units;
        for (int i = 0; i < m; i++) {
            int go = i * width;
            int so = i * n;
            gates(proj, b0 + i, t, g, go, hu, i * 2 * n, 2 * n);
            apply(inner, g, go, go + 2 * n);
            for (int j = 0; j < n; j++) {
                rh[so + j] = g[go + n + j] * h[so + j];
            }
        }
        gemm.multiply(m, rh, 0, n, uh, 0, n, hh, 0, n, false);
        for (int i = 0; i < m; i++) {
            if (masked(mask, b0 + i, t)) {
                continue;
            }
            int go = i * width;
            int so = i * n;
            int p = ((b0 + i) * steps + t) * width + 2 * n;
            for (int j = 0; j < n; j++) {
                hh[so + j] += proj[p + j];
            }
            apply(act, hh, so, so + n);
            for (int j = 0; j < n; j++) {
                float z = g[go + j];
                h[so + j] = z * h[so + j] + (1f - z) * hh[so + j];
            }
        }
    }
}
