package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * A 1D convolution with a length-3 kernel, stride 1, dilation 1, one group and any explicit pads (Keras
 * {@code Convolution1D} and {@code AtrousConvolution1D} with {@code atrous_rate} 1) by the 1D Winograd
 * minimal filtering algorithm F(m, 3): every output tile of {@code m} positions is
 * {@code A^T [ sum_c (G g_c) .* (B^T d_c) ]}, with {@code d_c} the {@code m + 2} inputs of channel
 * {@code c} under the tile; the matrices are those of {@link WinogradConvStep} (which applies them on
 * both axes of a 2D tile). Per output tile that is {@code m + 2} multiplies per channel pair instead of
 * {@code 3 m}: 1.5x fewer for F(2,3), 2x fewer for F(4,3).
 * <ul>
 * <li>At plan time the kernel is transformed once (in double precision, from a read of the weight that
 * is not kept) into {@code m + 2} matrices {@code U_e [Cin x Cout]}, packed for the SGEMM (one array where
 * the kernel packs flat).</li>
 * <li>Per call, for blocks of tiles (over batch and position), the input tiles are transformed into
 * {@code m + 2} matrices {@code V_e [tiles x Cin]} (channels-last: every transform row is one
 * combination of whole channel vectors, {@link KernelSet#combine}); inputs in the padding or past the
 * input are zeros;</li>
 * <li>{@code m + 2} products {@code M_e = V_e x U_e} on the engine's {@link Sgemm};</li>
 * <li>the output transform {@code A^T M} starts from the bias, writes only positions inside the output
 * and applies the fused activation. Blocks of tiles run in parallel.</li>
 * </ul>
 *
 * <p><b>Error.</b> The transformed terms are larger than the products they stand for before they
 * cancel: summed in magnitude, {@code amp1(m) = max_i sum_{k, p, r} |A^T_ik G_kp B^T_kr| / 3} is
 * {@code 8/3} for F(2,3) and 16 for F(4,3) (against 7.1 and 256 in 2D), so the float32 error stays
 * within {@code amp1(m) (Cin + 2(m+2)) 2^-24 S} ({@code S} the largest sum of |products| of the outputs
 * of the tile); Winograd1DConvTest checks this bound on random problems against the naive reference.
 * Which F and when: {@link #pays} and {@link #tileFor} (measured, see there). Memory: the transformed
 * kernel is {@code (m+2)/3} times the kernel (2x for F(4,3)), and the planner takes F(4,3), F(2,3) or
 * the direct step as the memory budget allows, as for 2D. Immutable; thread-safe.
 */
final class Winograd1DConvStep extends Step {
    /** Output tile length {@code m}. */
    private final int m;
    /** Input tile length {@code m + 2}. */
    private final int a;
    private final Window win;
    private final int cin;
    private final int cout;
    /** Tiles per sample. */
    private final int tilesX;
    /** The transformed kernel: {@code m + 2} packed {@code [Cin x Cout]} matrices. */
    private final PackedMatrix[] u;
    private final float[] bias;
    private final KernelSet kernels;
    private final Sgemm gemm;
    /** Per row of {@code B^T} and of {@code A^T}: the columns of its non-zero coefficients, and those coefficients. */
    private final int[][] btTerms;
    private final float[][] btCoefs;
    private final int[][] atTerms;
    private final float[][] atCoefs;
    /** Tiles per task (a multiple of the 12-row register tile). */
    private final int block;

    /** Input channels from which the planner prefers Winograd (measured, see {@link #pays}). */
    static final int MIN_IN_CHANNELS = 48;
    /** Output channels from which the planner prefers Winograd. */
    static final int MIN_OUT_CHANNELS = 32;
    /** Output length from which the planner prefers Winograd. */
    static final int MIN_OUT = 16;
    /** Output length from which F(4,3) beats F(2,3). */
    static final int MIN_OUT_F4 = 24;

    /**
     * @param m output tile length, 2 or 4
     */
    Winograd1DConvStep(String name, Conv op, Window win, int cin, KernelSet kernels, int m) {
        super(name);
        if (!applies(op, win, cin) || (m != 2 && m != 4)) {
            throw new IllegalArgumentException("no Winograd F(" + m + ",3) for this convolution");
        }
        this.m = m;
        this.a = m + 2;
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.tilesX = (win.o2 + m - 1) / m;
        this.kernels = kernels;
        this.gemm = kernels.sgemm();
        this.bias = op.bias() == null ? null : op.bias().clone();
        double[][] t = WinogradConvStep.transforms(m);
        float[] bt = toFloat(t[0]);
        float[] at = toFloat(t[2]);
        this.btTerms = terms(bt, a);
        this.btCoefs = coefs(bt, a);
        this.atTerms = terms(at, a);
        this.atCoefs = coefs(at, a);
        double[] g = t[1];
        // [3][Cin][Cout], from a read that is not kept: only the transformed form stays
        WeightRead read = WeightRead.of(op.kernel());
        float[] k = read.values();
        float[] ue = new float[cin * cout];
        int plane = cin * cout;
        this.u = gemm.packAll(a, cin, cout, e -> {
            for (int i = 0; i < plane; i++) {
                ue[i] = (float) (g[e * 3] * k[i] + g[e * 3 + 1] * k[plane + i] + g[e * 3 + 2] * k[2 * plane + i]);
            }
            return ue;
        });
        read.release();
        int rows = Math.max(48, Math.min(240, (1 << 18) / (a * Math.max(cin, cout))));
        this.block = rows / 12 * 12;
    }

    /** True if this step computes {@code op}: 1D, length-3 kernel, stride 1, dilation 1, ungrouped. */
    static boolean applies(Conv op, Window w, int cin) {
        return op.groups() == 1 && op.spatialRank() == 1 && w.k2 == 3 && w.s2 == 1 && w.d2 == 1 && cin >= 1;
    }

    /**
     * True if Winograd is expected to beat the direct convolution: at least {@value #MIN_IN_CHANNELS}
     * input channels, {@value #MIN_OUT_CHANNELS} output channels and an output of {@value #MIN_OUT}
     * positions. Measured on one thread at batch 1 (AVX-512, per-thread CPU time, medians of 15 interleaved
     * calls, {@code WinogradThroughput} in the runtime tests, load 3.6-4.9 on 2 cores), against the direct step (one implicit-im2col product of depth {@code 3 Cin}): F(4,3)
     * is 1.6x faster on 256 x 128 -> 128 (2.3x at batch 8), 1.3x on 256 x 64 -> 64, 1.5x on
     * 48 -> 48 and 1.25x on 128 -> 32, but 10% slower on 32 -> 32 (the transforms cost what the products
     * save); on 16 positions only F(2,3) wins (1.3x), on 8 neither clearly.
     */
    static boolean pays(Window w, int cin, int cout) {
        return cin >= MIN_IN_CHANNELS && cout >= MIN_OUT_CHANNELS && w.o2 >= MIN_OUT;
    }

    /** The output tile length: 4 (F(4,3)) from {@value #MIN_OUT_F4} output positions, else 2. */
    static int tileFor(Window w) {
        return w.o2 >= MIN_OUT_F4 ? 4 : 2;
    }

    /** Bytes of the transformed kernel of F(m, 3): {@code (m+2) Cin Cout} floats. */
    static long kernelBytes(int m, int cin, int cout) {
        return 4L * (m + 2) * cin * cout;
    }

    /**
     * As {@link WinogradConvStep#tileWithin}: {@link #tileFor}'s choice if its transformed kernel and the
     * kernel's read ({@code 3 Cin Cout} floats) fit in {@code left} bytes, else F(2,3) if that fits, else 0.
     */
    static int tileWithin(Window w, int cin, int cout, long left) {
        long read = 4L * 3 * cin * cout;
        for (int m = tileFor(w); m >= 2; m -= 2) {
            if (kernelBytes(m, cin, cout) + read <= left) {
                return m;
            }
        }
        return 0;
    }

    /** The output tile length {@code m} of F(m, 3). */
    int tile() {
        return m;
    }

    private static int[][] terms(float[] mat, int cols) {
        int[][] t = new int[mat.length / cols][];
        for (int i = 0; i < t.length; i++) {
            int row = i;
            t[i] = java.util.stream.IntStream.range(0, cols).filter(k -> mat[row * cols + k] != 0f).toArray();
        }
        return t;
    }

    private static float[][] coefs(float[] mat, int cols) {
        int[][] t = terms(mat, cols);
        float[][] c = new float[t.length][];
        for (int i = 0; i < t.length; i++) {
            c[i] = new float[t[i].length];
            for (int q = 0; q < t[i].length; q++) {
                c[i][q] = mat[i * cols + t[i][q]];
            }
        }
        return c;
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int tiles = batch * tilesX;
        int threads = exec.parallel.threads();
        int perThread = (tiles + 2 * threads - 1) / (2 * threads);
        int block = threads > 1 && perThread < this.block ? Math.max(12, (perThread + 11) / 12 * 12) : this.block;
        int blocks = (tiles + block - 1) / block;
        long work = 2L * tiles * a * cin * cout;
        int participants = exec.parallel.participants(blocks, 1, work);
        float[][] vs = new float[participants][];
        float[][] ms = new float[participants][];
        float[][] ts = new float[participants][];
        for (int i = 0; i < participants; i++) {
            vs[i] = exec.arena.take(a * block * cin);
            ms[i] = exec.arena.take(a * block * cout);
            ts[i] = exec.arena.take(a * cin);
        }
        exec.parallel.forRange(blocks, 1, work, (w, b0, b1) -> {
            float[] v = vs[w];
            float[] mm = ms[w];
            float[] t = ts[w];
            int[] offs = new int[a];
            for (int blk = b0; blk < b1; blk++) {
                int t0 = blk * block;
                int t1 = Math.min(tiles, t0 + block);
                int n = t1 - t0;
                for (int tile = t0; tile < t1; tile++) {
                    inputTile(x, tile, v, n, tile - t0, t, offs);
                }
                for (int e = 0; e < a; e++) {
                    gemm.multiply(n, v, e * n * cin, cin, u[e], 0, cout, mm, e * n * cout, cout, false);
                }
                for (int tile = t0; tile < t1; tile++) {
                    outputTile(mm, n, tile - t0, tile, offs, out, fused);
                }
            }
        });
        for (int i = 0; i < participants; i++) {
            exec.arena.give(vs[i]);
            exec.arena.give(ms[i]);
            exec.arena.give(ts[i]);
        }
    }

    /**
     * Row {@code r} of the {@code m + 2} matrices {@code V_e [n x Cin]} in {@code v}: {@code B^T d} for the
     * input tile of tile {@code tile}; {@code t} holds the zero-padded tile of a tile that reaches past the
     * input.
     */
    private void inputTile(float[] x, int tile, float[] v, int n, int r, float[] t, int[] offs) {
        Window w = win;
        int tx = tile % tilesX;
        int b = tile / tilesX;
        int x0 = tx * m - w.p2;
        float[] src;
        int base;
        if (x0 >= 0 && x0 + a <= w.n2) {
            src = x;
            base = (b * w.n2 + x0) * cin;
        } else {
            src = t;
            base = 0;
            Arrays.fill(t, 0f);
            int jLo = Math.max(0, -x0);
            int jHi = Math.min(a, w.n2 - x0);
            if (jHi > jLo) {
                System.arraycopy(x, (b * w.n2 + x0 + jLo) * cin, t, jLo * cin, (jHi - jLo) * cin);
            }
        }
        int stride = n * cin;
        for (int e = 0; e < a; e++) {
            int[] ks = btTerms[e];
            for (int q = 0; q < ks.length; q++) {
                offs[q] = base + ks[q] * cin;
            }
            kernels.combine(v, e * stride + r * cin, cin, src, offs, btCoefs[e], ks.length, null, 0);
        }
    }

    /** The output positions of tile {@code tile} from row {@code r} of the products {@code M_e [n x Cout]}. */
    private void outputTile(float[] mm, int n, int r, int tile, int[] offs, float[] out, Act fused) {
        Window w = win;
        int tx = tile % tilesX;
        int b = tile / tilesX;
        int stride = n * cout;
        int cols = Math.min(m, w.o2 - tx * m);
        int o = (b * w.o2 + tx * m) * cout;
        for (int i = 0; i < cols; i++) {
            int[] ks = atTerms[i];
            for (int q = 0; q < ks.length; q++) {
                offs[q] = ks[q] * stride + r * cout;
            }
            kernels.combine(out, o + i * cout, cout, mm, offs, atCoefs[i], ks.length, bias, 0);
        }
        if (fused != null) {
            fused.apply(out, out, o, o + cols * cout);
        }
    }
}
