package keras1j.runtime.exec;

import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Transposed convolution of any spatial rank: one matrix product
 * {@code cols[P, k*Cout] = x[P, Cin] x W[Cin, k*Cout]} followed by a gather-form col2im in which
 * every output position sums the columns of the input positions that reach it (race-free, so it
 * parallelizes over output positions), starting from the bias. Positions no input reaches hold
 * only the bias. Immutable; thread-safe.
 */
final class ConvTransposeStep extends Step {
    /** Upper bound of the column buffer, in floats; larger batches are processed in slices. */
    private static final int MAX_COLS = 1 << 22;

    private final Window win;
    private final int cin;
    private final int cout;
    private final int kvol;
    private final PackedMatrix weights;
    private final float[] bias;
    private final Sgemm gemm;

    /** @param win input sizes {@code n}, kernel, strides, {@code padsBegin} and output sizes {@code o} */
    ConvTransposeStep(String name, ConvTranspose op, Window win, int cin, Sgemm gemm) {
        super(name);
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.kvol = win.kernelVolume();
        this.gemm = gemm;
        this.bias = op.bias() == null ? null : op.bias().clone();
        if ((long) win.inPositions() * kvol * cout > Integer.MAX_VALUE - 8) {
            throw new keras1j.errors.UnsupportedFeatureException(
                    "the per-sample column buffer would exceed 2^31 values");
        }
        // kernel [kvol, Cin, Cout] -> B[ci, j*Cout + co]
        WeightRead read = WeightRead.of(op.kernel());
        float[] k = read.values();
        float[] t = MemoryBudget.newFloats((long) kvol * cin * cout,
                "the reordered kernel of " + name);
        for (int j = 0; j < kvol; j++) {
            for (int ci = 0; ci < cin; ci++) {
                System.arraycopy(k, (j * cin + ci) * cout, t, ci * kvol * cout + j * cout, cout);
            }
        }
        read.release();
        this.weights = gemm.pack(t, 0, kvol * cout, cin, kvol * cout);
        if (!weights.isView()) {
            MemoryBudget.release(4L * t.length); // packed: the reordered copy is dropped
        }
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int pin = win.inPositions();
        int pout = win.outPositions();
        long perSample = (long) pin * kvol * cout;
        int slice = (int) Math.max(1, Math.min(batch, MAX_COLS / Math.max(1, perSample)));
        float[] cols = exec.arena.take((int) (slice * perSample));
        for (int b0 = 0; b0 < batch; b0 += slice) {
            int b1 = Math.min(batch, b0 + slice);
            GemmRunner.multiply(exec, gemm, (b1 - b0) * pin, x, b0 * pin * cin, cin, weights, cols, 0, kvol * cout,
                    0, null, null);
            int first = b0;
            int rows = (b1 - b0) * pout;
            long work = (long) rows * kvol * cout;
            exec.parallel.forRange(rows, 64, work, (w, r0, r1) -> {
                for (int r = r0; r < r1; r++) {
                    gather(cols, r, first, out);
                }
                GemmRunner.activate(out, (first * pout + r0) * cout, cout, r1 - r0, 0, cout, fused);
            });
        }
        exec.arena.give(cols);
    }

    /** Output position {@code r} of the slice starting at sample {@code first}. */
    private void gather(float[] cols, int r, int first, float[] out) {
        Window v = win;
        int pout = v.outPositions();
        int bl = r / pout;
        int pos = r - bl * pout;
        int oz = pos / (v.o1 * v.o2);
        int oy = (pos / v.o2) % v.o1;
        int ox = pos % v.o2;
        int o = ((first + bl) * pout + pos) * cout;
        if (bias != null) {
            System.arraycopy(bias, 0, out, o, cout);
        } else {
            java.util.Arrays.fill(out, o, o + cout, 0f);
        }
        int sampleCols = bl * v.inPositions();
        for (int jz = 0; jz < v.k0; jz++) {
            int iz = source(oz + v.p0 - jz, v.s0, v.n0);
            if (iz < 0) {
                continue;
            }
            for (int jy = 0; jy < v.k1; jy++) {
                int iy = source(oy + v.p1 - jy, v.s1, v.n1);
                if (iy < 0) {
                    continue;
                }
                for (int jx = 0; jx < v.k2; jx++) {
                    int ix = source(ox + v.p2 - jx, v.s2, v.n2);
                    if (ix < 0) {
                        continue;
                    }
                    int j = (jz * v.k1 + jy) * v.k2 + jx;
                    int c = ((sampleCols + (iz * v.n1 + iy) * v.n2 + ix) * kvol + j) * cout;
                    for (int co = 0; co < cout; co++) {
                        out[o + co] += cols[c + co];
                    }
                }
            }
        }
    }

    /** The input index {@code i} with {@code i*stride == num}, or -1 if none in {@code [0, n)}. */
    private static int source(int num, int stride, int n) {
        if (num < 0 || num % stride != 0) {
            return -1;
        }
        int i = num / stride;
        return i < n ? i : -1;
    }
}
