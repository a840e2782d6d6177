package keras1j.runtime.exec;

import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.kernel.KernelSet;

/**
 * Max or average pooling of any spatial rank. Windows are clipped to the real input, so padding
 * never wins a max and never counts in an average. Tasks are runs of output rows (a
 * {@code (batch, oz, oy)} line each). The window's input rows are first reduced element-wise into
 * one row (long contiguous loops that HotSpot vectorizes; with stride equal to the window, as in most
 * pooling, every input is read once), then each output position reduces its {@code k2} columns of
 * that row: channels innermost from {@value #WIDE_CHANNELS} channels (vectorized), else each
 * channel's columns in a register. Rows longer than {@value #MAX_LINE} values with that many channels
 * skip the row buffer: each window is reduced straight from the input. Immutable; thread-safe.
 */
final class PoolStep extends Step {
    /** Output values per task, about. */
    private static final int TASK_VALUES = 2048;
    /** From this many channels a position's columns are reduced channels innermost (loops long enough to vectorize). */
    private static final int WIDE_CHANNELS = 16;
    /**
     * Longest input row (values) reduced through a row buffer; longer rows with many channels (a
     * buffer beyond L1) reduce each window straight from the input, channels innermost (measured 1.7x
     * faster on VGG's 224x224x64 2x2 pooling; the row buffer is 2x faster on 28x28x32 3x3 stride 1).
     */
    private static final int MAX_LINE = 4096;

    private final Window win;
    private final int c;
    private final boolean max;
    private final KernelSet kernels;

    PoolStep(String name, Pool op, Window win, int channels, KernelSet kernels) {
        super(name);
        this.kernels = kernels;
        this.win = win;
        this.c = channels;
        this.max = op.kind() == PoolKind.MAX;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        Window v = win;
        int rows = batch * v.o0 * v.o1;
        int rowLength = v.o2 * c;
        long work = (long) rows * rowLength * v.kernelVolume();
        boolean wide = c >= WIDE_CHANNELS && v.n2 * c > MAX_LINE;
        exec.parallel.forRange(rows, Math.max(1, TASK_VALUES / rowLength), work, (w, r0, r1) -> {
            float[] line = wide ? null : new float[v.n2 * c];
            int[] offs = new int[v.kernelVolume()];
            int oy = r0 % v.o1;
            int oz = (r0 / v.o1) % v.o0;
            int b = r0 / (v.o1 * v.o0);
            for (int r = r0; r < r1; r++) {
                row(x, b, oz, oy, r, line, offs, out);
                if (++oy == v.o1) {
                    oy = 0;
                    if (++oz == v.o0) {
                        oz = 0;
                        b++;
                    }
                }
            }
        });
    }

    /**
     * Output row {@code r} (sample {@code b}, at {@code oz, oy}) into {@code out}; {@code line} holds one input
     * row, {@code offs} a window's column offsets.
     */
    private void row(float[] x, int b, int oz, int oy, int r, float[] line, int[] offs, float[] out) {
        Window v = win;
        int z0 = Math.max(0, oz * v.s0 - v.p0);
        int z1 = Math.min(v.n0, oz * v.s0 - v.p0 + v.k0);
        int y0 = Math.max(0, oy * v.s1 - v.p1);
        int y1 = Math.min(v.n1, oy * v.s1 - v.p1 + v.k1);
        int length = v.n2 * c;
        if (line == null) {
            wideRow(x, b, z0, z1, y0, y1, r, offs, out);
            return;
        }
        float[] src = line;
        int base = 0;
        if (z1 - z0 == 1 && y1 - y0 == 1) {
            // one input row: read it in place
            src = x;
            base = ((b * v.n0 + z0) * v.n1 + y0) * length;
        } else {
            // the first two rows in one pass, then each further row
            int prev = -1;
            boolean started = false;
            for (int iz = z0; iz < z1; iz++) {
                for (int iy = y0; iy < y1; iy++) {
                    int from = ((b * v.n0 + iz) * v.n1 + iy) * length;
                    if (prev < 0 && !started) {
                        prev = from;
                    } else if (!started) {
                        combine(x, prev, x, from, line, 0, length);
                        started = true;
                    } else {
                        combine(line, 0, x, from, line, 0, length);
                    }
                }
            }
            if (!started && prev >= 0) {
                System.arraycopy(x, prev, line, 0, length);
            }
        }
        int rowsIn = Math.max(0, z1 - z0) * Math.max(0, y1 - y0);
        int o = r * v.o2 * c;
        for (int ox = 0; ox < v.o2; ox++, o += c) {
            int x0 = Math.max(0, ox * v.s2 - v.p2);
            int x1 = Math.min(v.n2, ox * v.s2 - v.p2 + v.k2);
            if (emptyWindow(out, o, rowsIn, x0, x1)) {
                continue;
            }
            int p = base + x0 * c;
            int span = (x1 - x0) * c;
            if (c >= WIDE_CHANNELS) {
                // channels innermost: vectorized, the window's columns in one call
                int terms = 0;
                for (int q = p; q < p + span; q += c) {
                    offs[terms++] = q;
                }
                kernels.reduce(max, src, offs, terms, out, o, c);
            } else if (max) {
                // few channels: each one's columns in a register
                for (int ch = 0; ch < c; ch++) {
                    float m = src[p + ch];
                    for (int q = p + ch + c; q < p + span; q += c) {
                        m = Math.max(m, src[q]);
                    }
                    out[o + ch] = m;
                }
            } else {
                for (int ch = 0; ch < c; ch++) {
                    float m = src[p + ch];
                    for (int q = p + ch + c; q < p + span; q += c) {
                        m += src[q];
                    }
                    out[o + ch] = m;
                }
            }
            finish(out, o, rowsIn * (x1 - x0));
        }
    }

    /** Output row {@code r} for many channels and long rows: per position, its window straight from the input. */
    private void wideRow(float[] x, int b, int z0, int z1, int y0, int y1, int r, int[] offs, float[] out) {
        Window v = win;
        int rowsIn = Math.max(0, z1 - z0) * Math.max(0, y1 - y0);
        int o = r * v.o2 * c;
        for (int ox = 0; ox < v.o2; ox++, o += c) {
            int x0 = Math.max(0, ox * v.s2 - v.p2);
            int x1 = Math.min(v.n2, ox * v.s2 - v.p2 + v.k2);
            if (emptyWindow(out, o, rowsIn, x0, x1)) {
                continue;
            }
            // the window's inputs in one call, each vector of the result in a register over all of them
            int terms = 0;
            for (int iz = z0; iz < z1; iz++) {
                for (int iy = y0; iy < y1; iy++) {
                    int rowBase = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                    for (int ix = x0; ix < x1; ix++) {
                        offs[terms++] = (rowBase + ix) * c;
                    }
                }
            }
            kernels.reduce(max, x, offs, terms, out, o, c);
            finish(out, o, rowsIn * (x1 - x0));
        }
    }

    /**
     * True, with position {@code o} set to the value of a window wholly in the padding (no input: minus
     * infinity for a max, NaN for an average), if the window's {@code rowsIn} input rows and columns
     * {@code [x0, x1)} hold no input.
     */
    private boolean emptyWindow(float[] out, int o, int rowsIn, int x0, int x1) {
        if (rowsIn > 0 && x1 > x0) {
            return false;
        }
        java.util.Arrays.fill(out, o, o + c, max ? Float.NEGATIVE_INFINITY : Float.NaN);
        return true;
    }

    /** For an average, divides the sums at position {@code o} by the window's {@code inputs}. */
    private void finish(float[] out, int o, int inputs) {
        if (!max) {
            float inv = 1f / inputs;
            for (int ch = 0; ch < c; ch++) {
                out[o + ch] *= inv;
            }
        }
    }

    /** {@code dst[d + j] = a[ai + j] (max or +) b[bi + j]} for {@code j < n}, on the engine's kernels. */
    private void combine(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        if (max) {
            kernels.max(a, ai, b, bi, dst, d, n);
        } else {
            kernels.add(a, ai, b, bi, dst, d, n);
        }
    }
}
