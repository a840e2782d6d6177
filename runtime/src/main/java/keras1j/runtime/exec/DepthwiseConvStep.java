package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.ArrayMath;
import keras1j.runtime.kernel.KernelSet;

/**
 * Depthwise convolution ({@code groups == Cin}, one input channel per group, {@code m = Cout/Cin}
 * outputs per channel), any spatial rank, computed one output row ({@code o2} positions times
 * {@code Cout} channels) at a time, in segments that stay in L1 across the kernel taps. With
 * {@code m == 1}, every kernel tap multiply-adds the input positions it reads with the tap's weights
 * repeated along the row, vectorized over channels and positions: on the Vector API kernels
 * directly from the input ({@link ArrayMath#multiplyAdd} at any offsets); in plain Java after
 * gathering them into a row-sized buffer, so that all arrays of the inner loop take the same index
 * and HotSpot vectorizes it. With {@code m > 1}, a direct loop over channels and multipliers.
 * Immutable; thread-safe.
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
    /** Output positions per segment of a row (about 2K values). */
    private final int segment;
    /** True if the kernels vectorize {@link ArrayMath#multiplyAddTaps}: taps then read the input in place. */
    private final boolean direct;
    private final KernelSet kernels;

    DepthwiseConvStep(String name, Conv op, Window win, int cin, KernelSet kernels) {
        super(name);
        this.kernels = kernels;
        this.direct = kernels.anyOffsets();
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.mult = cout / cin;
        this.rowLength = win.o2 * cout;
        WeightRead read = WeightRead.of(op.kernel());
        this.w = read.values().clone();
        read.release();
        this.wRows = new float[mult == 1 ? win.kernelVolume() : 0][];
        for (int j = 0; j < wRows.length; j++) {
            wRows[j] = repeat(w, j * cout, cout, win.o2);
        }
        this.biasRow = op.bias() == null ? null : repeat(op.bias(), 0, cout, win.o2);
        this.segment = Math.max(1, 2048 / Math.max(1, cout));
    }

    private static float[] repeat(float[] v, int from, int length, int times) {
        float[] r = keras1j.runtime.memory.MemoryBudget.newFloats((long) length * times,
                "a repeated weight row of " + length + " x " + times + " values");
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

    /**
     * Output row {@code r} (over {@code b, oz, oy}), accumulated in {@code acc}; {@code xs} is
     * scratch. The row is done in segments of {@link #segment} positions so that the accumulator,
     * the gathered input and the weights of a segment stay in L1 across the kernel taps.
     */
    private void outputRow(float[] x, int r, float[] out, float[] acc, float[] xs) {
        Window v = win;
        int oy = r % v.o1;
        int oz = (r / v.o1) % v.o0;
        int b = r / (v.o1 * v.o0);
        if (biasRow != null) {
            System.arraycopy(biasRow, 0, acc, 0, rowLength);
        } else {
            Arrays.fill(acc, 0, rowLength, 0f);
        }
        if (mult == 1 && direct) {
            direct(x, b, oz, oy, acc);
            System.arraycopy(acc, 0, out, r * rowLength, rowLength);
            return;
        }
        for (int ox0 = 0; ox0 < v.o2; ox0 += segment) {
            int ox1 = Math.min(v.o2, ox0 + segment);
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
                        int shift = jx * v.d2 - v.p2;
                        if (mult > 1) {
                            multiplier(x, rowBase, shift, acc, j, ox0, ox1);
                        } else {
                            gather(x, rowBase, shift, xs, ox0, ox1);
                            multiplyAdd(acc, xs, wRows[j], ox0 * cout, ox1 * cout);
                        }
                    }
                }
            }
        }
        System.arraycopy(acc, 0, out, r * rowLength, rowLength);
    }

    /**
     * {@code m == 1} on the Vector API kernel: every output position sums its taps in registers,
     * reading the input in place ({@link ArrayMath#multiplyAddTaps}); positions whose taps all fall
     * inside the input share one tap list, those near the edges get their own.
     */
    private void direct(float[] x, int b, int oz, int oy, float[] acc) {
        Window v = win;
        int kv = v.kernelVolume();
        int[] rows = new int[kv];
        int[] taps = new int[kv];
        int lines = 0;
        for (int jz = 0; jz < v.k0; jz++) {
            int iz = oz * v.s0 - v.p0 + jz * v.d0;
            for (int jy = 0; jy < v.k1; jy++) {
                int iy = oy * v.s1 - v.p1 + jy * v.d1;
                if (iz >= 0 && iz < v.n0 && iy >= 0 && iy < v.n1) {
                    rows[lines] = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                    taps[lines++] = (jz * v.k1 + jy) * v.k2;
                }
            }
        }
        if (lines == 0) {
            return;
        }
        // interior: every jx tap of every valid line inside the input
        int lo = Math.min(v.o2, Math.max(0, -Math.floorDiv(-v.p2, v.s2)));
        int hi = Math.max(lo, Math.min(v.o2, -Math.floorDiv((v.k2 - 1) * v.d2 - v.p2 - v.n2, v.s2)));
        int[] xOff = new int[kv];
        int[] wOff = new int[kv];
        if (hi > lo) {
            int n = 0;
            for (int l = 0; l < lines; l++) {
                for (int jx = 0; jx < v.k2; jx++, n++) {
                    xOff[n] = (rows[l] + lo * v.s2 + jx * v.d2 - v.p2) * cin;
                    wOff[n] = (taps[l] + jx) * cout;
                }
            }
            kernels.multiplyAddTaps(acc, lo * cout, hi - lo, cout, x, xOff, v.s2 * cin, w, wOff, n);
        }
        for (int ox = 0; ox < v.o2; ox++) {
            if (ox == lo && hi > lo) {
                ox = hi - 1;
                continue;
            }
            int n = 0;
            for (int l = 0; l < lines; l++) {
                for (int jx = 0; jx < v.k2; jx++) {
                    int ix = ox * v.s2 + jx * v.d2 - v.p2;
                    if (ix >= 0 && ix < v.n2) {
                        xOff[n] = (rows[l] + ix) * cin;
                        wOff[n++] = (taps[l] + jx) * cout;
                    }
                }
            }
            kernels.multiplyAddTaps(acc, ox * cout, 1, cout, x, xOff, 0, w, wOff, n);
        }
    }

    /** {@code xs[ox*C + c] = x[(rowBase + ox*stride + shift)*C + c]} for {@code ox} in {@code [ox0, ox1)}, zeros outside the input. */
    private void gather(float[] x, int rowBase, int shift, float[] xs, int ox0, int ox1) {
        Window v = win;
        if (v.s2 == 1) {
            int lo = Math.min(ox1, Math.max(ox0, -shift));
            int hi = Math.max(lo, Math.min(ox1, v.n2 - shift));
            Arrays.fill(xs, ox0 * cin, lo * cin, 0f);
            if (hi > lo) {
                // (a tap wholly in the padding may point past the input's end: copy nothing then)
                System.arraycopy(x, (rowBase + lo + shift) * cin, xs, lo * cin, (hi - lo) * cin);
            }
            Arrays.fill(xs, hi * cin, ox1 * cin, 0f);
            return;
        }
        for (int ox = ox0; ox < ox1; ox++) {
            int ix = ox * v.s2 + shift;
            int dst = ox * cin;
            if (ix < 0 || ix >= v.n2) {
                Arrays.fill(xs, dst, dst + cin, 0f);
            } else {
                System.arraycopy(x, (rowBase + ix) * cin, xs, dst, cin);
            }
        }
    }

    /** {@code acc[t] += xs[t] * wr[t]} for {@code t} in {@code [from, to)}: one index for all arrays, so C2 vectorizes it. */
    private static void multiplyAdd(float[] acc, float[] xs, float[] wr, int from, int to) {
        for (int t = from; t < to; t++) {
            acc[t] += xs[t] * wr[t];
        }
    }

    /** Tap {@code j} for {@code m > 1}: {@code acc[ox, c*m + k] += x[ix, c] * w[j, c*m + k]}, {@code ox} in {@code [ox0, ox1)}. */
    private void multiplier(float[] x, int rowBase, int shift, float[] acc, int j, int ox0, int ox1) {
        Window v = win;
        int wi = j * cout;
        for (int ox = ox0; ox < ox1; ox++) {
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
