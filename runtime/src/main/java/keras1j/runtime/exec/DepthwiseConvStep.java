package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;

/**
 * Depthwise convolution ({@code groups == Cin}, one input channel per group, {@code m = Cout/Cin}
 * outputs per channel), any spatial rank, computed one output row ({@code o2} positions times
 * {@code Cout} channels) at a time. With {@code m == 1}, every kernel tap gathers the input
 * positions it reads into a row-sized buffer and multiply-adds it with the tap's weights repeated
 * along the row: all arrays of that inner loop take the same index, so HotSpot vectorizes it.
 * With {@code m > 1}, a direct loop over channels and multipliers. Immutable; thread-safe.
 */
final class DepthwiseConvStep extends Step {
    private final Window win;
    private final int cin;
    private final int cout;
    private final int mult;
    private final int rowLength;
    /** {@code [kernelVolume, Cout]}. */
    private final float[] w;
    /** For {@code m == 1}: per tap, its {@code Cout} weights repeated {@code o2} times. */
    private final float[][] wRows;
    /** The bias repeated {@code o2} times, or null. */
    private final float[] biasRow;

    DepthwiseConvStep(String name, Conv op, Window win, int cin) {
        super(name);
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.mult = cout / cin;
        this.rowLength = win.o2 * cout;
        this.w = op.kernel().data().clone();
        this.wRows = new float[mult == 1 ? win.kernelVolume() : 0][];
        for (int j = 0; j < wRows.length; j++) {
            wRows[j] = repeat(w, j * cout, cout, win.o2);
        }
        this.biasRow = op.bias() == null ? null : repeat(op.bias(), 0, cout, win.o2);
    }

    private static float[] repeat(float[] v, int from, int length, int times) {
        float[] r = new float[length * times];
        for (int t = 0; t < times; t++) {
            System.arraycopy(v, from, r, t * length, length);
        }
        return r;
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int rows = batch * win.o0 * win.o1;
        long work = 2L * rows * rowLength * win.kernelVolume();
        int grain = Math.max(1, 8192 / Math.max(1, rowLength));
        int participants = exec.parallel.participants(rows, grain, work);
        float[][] acc = new float[participants][];
        float[][] xs = new float[participants][];
        for (int i = 0; i < participants; i++) {
            acc[i] = exec.arena.take(rowLength);
            xs[i] = exec.arena.take(rowLength);
        }
        exec.parallel.forRange(rows, grain, work, (wk, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                outputRow(x, r, out, acc[wk], xs[wk]);
            }
            GemmRunner.activate(out, r0 * rowLength, rowLength, r1 - r0, 0, rowLength, fused);
        });
        for (int i = 0; i < participants; i++) {
            exec.arena.give(acc[i]);
            exec.arena.give(xs[i]);
        }
    }

    /** Output row {@code r} (over {@code b, oz, oy}), accumulated in {@code acc}; {@code xs} is scratch. */
    private void outputRow(float[] x, int r, float[] out, float[] acc, float[] xs) {
        Window v = win;
        int oy = r % v.o1;
        int oz = (r / v.o1) % v.o0;
        int b = r / (v.o1 * v.o0);
        int n = rowLength;
        if (biasRow != null) {
            System.arraycopy(biasRow, 0, acc, 0, n);
        } else {
            Arrays.fill(acc, 0, n, 0f);
        }
        for (int jz = 0; jz < v.k0; jz++) {
            int iz = oz * v.s0 - v.p0 + jz * v.d0;
            if (iz < 0 || iz >= v.n0) {
                continue;
            }
            for (int jy = 0; jy < v.k1; jy++) {
                int iy = oy * v.s1 - v.p1 + jy * v.d1;
                if (iy < 0 || iy >= v.n1) {
                    continue;
                }
                int rowBase = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                for (int jx = 0; jx < v.k2; jx++) {
                    int j = (jz * v.k1 + jy) * v.k2 + jx;
                    if (mult == 1) {
                        gather(x, rowBase, jx * v.d2 - v.p2, xs);
                        multiplyAdd(acc, xs, wRows[j], n);
                    } else {
                        direct(x, rowBase, jx * v.d2 - v.p2, acc, j);
                    }
                }
            }
        }
        System.arraycopy(acc, 0, out, r * n, n);
    }

    /** {@code xs[ox*C + c] = x[(rowBase + ox*stride + shift)*C + c]}, zeros outside the input. */
    private void gather(float[] x, int rowBase, int shift, float[] xs) {
        Window v = win;
        int n = rowLength;
        if (v.s2 == 1) {
            int lo = Math.min(v.o2, Math.max(0, -shift));
            int hi = Math.max(lo, Math.min(v.o2, v.n2 - shift));
            Arrays.fill(xs, 0, lo * cin, 0f);
            System.arraycopy(x, (rowBase + lo + shift) * cin, xs, lo * cin, (hi - lo) * cin);
            Arrays.fill(xs, hi * cin, n, 0f);
            return;
        }
        for (int ox = 0; ox < v.o2; ox++) {
            int ix = ox * v.s2 + shift;
            int dst = ox * cin;
            if (ix < 0 || ix >= v.n2) {
                Arrays.fill(xs, dst, dst + cin, 0f);
            } else {
                System.arraycopy(x, (rowBase + ix) * cin, xs, dst, cin);
            }
        }
    }

    /** {@code acc[t] += xs[t] * wr[t]} for {@code t < n}. */
    private static void multiplyAdd(float[] acc, float[] xs, float[] wr, int n) {
        for (int t = 0; t < n; t++) {
            acc[t] += xs[t] * wr[t];
        }
    }

    /** Tap {@code j} for {@code m > 1}: {@code acc[ox, c*m + k] += x[ix, c] * w[j, c*m + k]}. */
    private void direct(float[] x, int rowBase, int shift, float[] acc, int j) {
        Window v = win;
        int wi = j * cout;
        for (int ox = 0; ox < v.o2; ox++) {
            int ix = ox * v.s2 + shift;
            if (ix < 0 || ix >= v.n2) {
                continue;
            }
            int xi = (rowBase + ix) * cin;
            int o = ox * cout;
            for (int c = 0; c < cin; c++) {
                float xv = x[xi + c];
                int wc = wi + c * mult;
                int oc = o + c * mult;
                for (int m = 0; m < mult; m++) {
                    acc[oc + m] += xv * w[wc + m];
                }
            }
        }
    }
}
