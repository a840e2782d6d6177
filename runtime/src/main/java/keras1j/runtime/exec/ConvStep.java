package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * Convolution of any spatial rank and group count (depthwise excepted) as matrix products, per
 * group, in one of two orientations:
 * <ul>
 * <li>{@code C[N*outPositions, Cout/g] = im2col(x) x W}, the im2col matrix built in row blocks that
 * stay in cache; a pointwise (1x1, stride 1, unpadded) convolution multiplies the input directly,
 * without im2col. Used when the channel count is enough for the SGEMM kernel to run at full speed
 * ({@link Sgemm#efficientColumns()}) or when there are fewer output positions than channels;</li>
 * <li>otherwise: {@code C^T = W^T x im2col(x)^T} over blocks of 256 output positions, transposed back
 * into channels-last order block by block, so that the kernel's rows are long.</li>
 * </ul>
 * Immutable; thread-safe.
 */
final class ConvStep extends Step {
    private final Window win;
    private final int cin;
    private final int cout;
    private final int groups;
    private final int cg;
    private final int coutG;
    private final int kdim;
    private final PackedMatrix[] weights;
    /** Per group, the kernel transposed to {@code [Cout/g, kdim]}; only when the transposed product can be chosen. */
    private final float[][] weightsT;
    private final float[] bias;
    private final Sgemm gemm;
    private final boolean pointwise;
    /** Output rows per block of the row-major im2col matrix (about 128 KB). */
    private final int im2colRows;
    /** Output rows per block of the transposed product: its vector length. */
    private static final int BLOCK_ROWS = 256;

    ConvStep(String name, Conv op, Window win, int cin, Sgemm gemm) {
        super(name);
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.groups = op.groups();
        this.cg = cin / groups;
        this.coutG = cout / groups;
        this.kdim = win.kernelVolume() * cg;
        this.gemm = gemm;
        this.bias = op.bias() == null ? null : op.bias().clone();
        this.pointwise = win.isPointwise();
        float[] k = op.kernel().data();
        this.weights = new PackedMatrix[groups];
        for (int g = 0; g < groups; g++) {
            // kernel [k..., Cg, Cout] is row-major [kdim, Cout]; group g owns columns g*coutG..
            weights[g] = gemm.pack(k, g * coutG, cout, kdim, coutG);
        }
        boolean narrow = coutG < gemm.efficientColumns();
        this.weightsT = new float[narrow ? groups : 0][coutG * kdim];
        for (int g = 0; g < weightsT.length; g++) {
            for (int p = 0; p < kdim; p++) {
                for (int co = 0; co < coutG; co++) {
                    weightsT[g][co * kdim + p] = k[p * cout + g * coutG + co];
                }
            }
        }
        // a multiple of 24, so that SGEMM micro-kernels of 4, 6 or 8 rows divide it
        this.im2colRows = Math.max(24, Math.min(240, 32768 / Math.max(1, kdim)) / 24 * 24);
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int rows = batch * win.outPositions();
        if (weightsT.length > 0 && rows > coutG) {
            runTransposed(exec, x, rows, out, fused);
        } else if (pointwise) {
            for (int g = 0; g < groups; g++) {
                GemmRunner.multiply(exec, gemm, rows, x, g * cg, cin, weights[g], out, 0, cout, g * coutG, bias,
                        fused);
            }
        } else {
            runIm2col(exec, x, rows, out, fused);
        }
    }

    /** {@code out[rows, Cout/g] = im2col(x) x W} per group, im2col built in blocks of {@link #im2colRows} rows. */
    private void runIm2col(Exec exec, float[] x, int rows, float[] out, Act fused) {
        long work = 2L * rows * kdim * cout;
        int participants = exec.parallel.participants(rows, im2colRows, work);
        float[][] cols = new float[participants][];
        for (int i = 0; i < participants; i++) {
            cols[i] = exec.arena.take(im2colRows * kdim);
        }
        exec.parallel.forRange(rows, im2colRows, work, (w, r0, r1) -> {
            float[] col = cols[w];
            boolean biased = GemmRunner.fillBias(out, r0 * cout, cout, r1 - r0, 0, cout, bias, 0);
            for (int g = 0; g < groups; g++) {
                im2col(x, r0, r1, g * cg, col);
                gemm.multiply(r1 - r0, col, 0, kdim, weights[g], 0, coutG, out, r0 * cout + g * coutG, cout, biased);
            }
            GemmRunner.activate(out, r0 * cout, cout, r1 - r0, 0, cout, fused);
        });
        for (float[] c : cols) {
            exec.arena.give(c);
        }
    }

    /**
     * {@code out^T[Cout/g, rows] = W^T x im2col(x)^T} per group, in blocks of {@link #BLOCK_ROWS}
     * output rows: the product's long dimension is then the block of output positions rather than
     * the (often small) channel count, so the SGEMM inner loop runs over 256 values. The block is
     * transposed back into channels-last order while it is still in cache.
     */
    private void runTransposed(Exec exec, float[] x, int rows, float[] out, Act fused) {
        long work = 2L * rows * kdim * cout;
        int participants = exec.parallel.participants(rows, BLOCK_ROWS, work);
        float[][][] cols = new float[participants][][];
        float[][] ct = new float[participants][];
        for (int i = 0; i < participants; i++) {
            cols[i] = exec.arena.takeRows(kdim, BLOCK_ROWS);
            ct[i] = exec.arena.take(coutG * BLOCK_ROWS);
        }
        exec.parallel.forRange(rows, BLOCK_ROWS, work, (w, r0, r1) -> {
            float[][] col = cols[w];
            float[] t = ct[w];
            int n = r1 - r0;
            for (int g = 0; g < groups; g++) {
                im2colT(x, r0, r1, g * cg, col);
                gemm.multiply(coutG, weightsT[g], 0, kdim, PackedMatrix.wrapRows(col, kdim, n), 0, n, t, 0, n, false);
                for (int r = 0; r < n; r++) {
                    int o = (r0 + r) * cout + g * coutG;
                    if (bias == null) {
                        for (int co = 0; co < coutG; co++) {
                            out[o + co] = t[co * n + r];
                        }
                    } else {
                        for (int co = 0; co < coutG; co++) {
                            out[o + co] = t[co * n + r] + bias[g * coutG + co];
                        }
                    }
                }
            }
            GemmRunner.activate(out, r0 * cout, cout, n, 0, cout, fused);
        });
        for (int i = 0; i < participants; i++) {
            exec.arena.giveRows(cols[i]);
            exec.arena.give(ct[i]);
        }
    }

    /**
     * Writes the transposed im2col block: {@code col[(j, ci)][r - r0]} for output rows
     * {@code [r0, r1)} and input channels {@code [c0, c0+cg)}.
     */
    private void im2colT(float[] x, int r0, int r1, int c0, float[][] col) {
        Window v = win;
        int positions = v.outPositions();
        int n = r1 - r0;
        for (int r = 0; r < n; r++) {
            int row = r0 + r;
            int b = row / positions;
            int pos = row - b * positions;
            int oz = pos / (v.o1 * v.o2);
            int oy = (pos / v.o2) % v.o1;
            int ox = pos % v.o2;
            int baseZ = oz * v.s0 - v.p0;
            int baseY = oy * v.s1 - v.p1;
            int baseX = ox * v.s2 - v.p2;
            int j = 0;
            for (int jz = 0; jz < v.k0; jz++) {
                int iz = baseZ + jz * v.d0;
                for (int jy = 0; jy < v.k1; jy++) {
                    int iy = baseY + jy * v.d1;
                    boolean rowOk = iz >= 0 && iz < v.n0 && iy >= 0 && iy < v.n1;
                    int rowBase = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                    for (int jx = 0; jx < v.k2; jx++, j++) {
                        int ix = baseX + jx * v.d2;
                        int p = j * cg;
                        if (rowOk && ix >= 0 && ix < v.n2) {
                            int src = (rowBase + ix) * cin + c0;
                            for (int ci = 0; ci < cg; ci++) {
                                col[p + ci][r] = x[src + ci];
                            }
                        } else {
                            for (int ci = 0; ci < cg; ci++) {
                                col[p + ci][r] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /** Writes rows {@code [r0, r1)} of the im2col matrix for input channels {@code [c0, c0+cg)} into {@code col}. */
    private void im2col(float[] x, int r0, int r1, int c0, float[] col) {
        Window v = win;
        int positions = v.outPositions();
        int dst = 0;
        for (int r = r0; r < r1; r++) {
            int b = r / positions;
            int pos = r - b * positions;
            int oz = pos / (v.o1 * v.o2);
            int oy = (pos / v.o2) % v.o1;
            int ox = pos % v.o2;
            int baseZ = oz * v.s0 - v.p0;
            int baseY = oy * v.s1 - v.p1;
            int baseX = ox * v.s2 - v.p2;
            for (int jz = 0; jz < v.k0; jz++) {
                int iz = baseZ + jz * v.d0;
                for (int jy = 0; jy < v.k1; jy++) {
                    int iy = baseY + jy * v.d1;
                    if (iz < 0 || iz >= v.n0 || iy < 0 || iy >= v.n1) {
                        Arrays.fill(col, dst, dst + v.k2 * cg, 0f);
                        dst += v.k2 * cg;
                        continue;
                    }
                    int rowBase = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                    for (int jx = 0; jx < v.k2; jx++) {
                        int ix = baseX + jx * v.d2;
                        if (ix < 0 || ix >= v.n2) {
                            Arrays.fill(col, dst, dst + cg, 0f);
                        } else {
                            System.arraycopy(x, (rowBase + ix) * cin + c0, col, dst, cg);
                        }
                        dst += cg;
                    }
                }
            }
        }
    }
}
