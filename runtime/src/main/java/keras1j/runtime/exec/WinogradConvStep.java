package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * A 2D convolution with a 3x3 kernel, stride 1, dilation 1, one group and any explicit pads, by the
 * Winograd minimal filtering algorithm F(m x m, 3x3) (Lavin and Gray, "Fast algorithms for convolutional
 * neural networks", 2016): every output tile of {@code m x m} positions is {@code A^T [ sum_c (G g_c G^T) .* (B^T d_c B) ] A}, with {@code d_c} the
 * {@code (m+2) x (m+2)} input tile of channel {@code c}. Per output tile that is {@code (m+2)^2}
 * multiplies per channel pair instead of {@code 9 m^2}: 2.25x fewer for F(2x2,3x3), 4x fewer for
 * F(4x4,3x3).
 * <ul>
 * <li>At plan time the kernel is transformed once (in double precision) into {@code (m+2)^2}
 * matrices {@code U_e [Cin x Cout]}, packed for the SGEMM.</li>
 * <li>Per call, for blocks of tiles (over batch and tile rows and columns), the input tiles are
 * transformed into {@code (m+2)^2} matrices {@code V_e [tiles x Cin]} (channels-last, so every
 * transform row is one linear combination of whole channel vectors, {@link KernelSet#combine}); inputs in the
 * padding or past the input are zeros and simply skipped;</li>
 * <li>{@code (m+2)^2} products {@code M_e = V_e x U_e} run on the engine's {@link Sgemm} (the Vector
 * API register-tiled kernel where available);</li>
 * <li>the output transform {@code A^T M A} starts from the bias, writes only the positions inside
 * the output and applies the fused activation. Blocks of tiles run in parallel, each worker with its
 * scratch from the call's arena.</li>
 * </ul>
 *
 * <p><b>Which F, and when.</b> F(4x4,3x3) needs 36 products of {@code Cin x Cout} for 16 outputs (2.25
 * multiplies per output and channel pair against 9 direct), F(2x2,3x3) 16 for 4 (4 against 9), but the
 * float32 error of F(4x4,3x3) is larger: its transforms have coefficients up to 8 ({@code A}) and 5 ({@code B}) and the
 * kernel transform divides by 24, so the transformed terms are larger than the products they stand for
 * (by about 256 against 7 for F(2x2,3x3), taken in magnitude, see WinogradConvTest) before they cancel.
 * Measured on random data (WinogradConvTest, 4 seeds of 300 cases), the largest error is about
 * {@code 1.1 (Cin + 16) 2^-24 S} for F(2x2,3x3) and {@code 4.5 (Cin + 24) 2^-24 S} for F(4x4,3x3), with
 * {@code S} the largest sum of |products| in the output's tile: about 4 times larger, a few ulps of the
 * output scale per channel; every fixture passes at the manifest tolerance with Winograd forced wherever
 * it applies, on both kernel sets. Measured on one thread (AVX-512, per-thread CPU
 * time, medians of interleaved calls, BENCHMARKS.md), against the direct implicit-GEMM convolution:
 * 224x224x64->64 1.8x faster with F(4x4), 56x56x256->256 2.15x, 28x28x128->128 2.1x; on 14x14 outputs
 * F(4x4) wastes a quarter of its tiles and only F(2x2) wins (1.4-1.6x); on 7x7x512 both lose (too few
 * tiles for the products to run at speed), and with 32 channels the transforms cost what the products
 * save. Hence {@link #pays}: at least {@value #MIN_CHANNELS} input and output channels and at least
 * {@value #MIN_OUT} outputs per axis; {@link #tileFor}: F(4x4,3x3) from {@value #MIN_OUT_F4} outputs per
 * axis, else F(2x2,3x3). Memory: the transformed kernel is {@code (m+2)^2 / 9} times the kernel (1.8x for
 * F(2x2), 4x for F(4x4)), in place of the direct step's packed copy, made from a read of the kernel that
 * is not kept, all its matrices in one array; the planner takes the fastest transform that fits what the
 * memory budget has left ({@link #tileWithin}), so a tight heap trades speed for memory. Immutable;
 * thread-safe.
 */
final class WinogradConvStep extends Step {
    /** Output tile side {@code m}. */
    private final int m;
    /** Input tile side {@code m + 2}. */
    private final int a;
    private final Window win;
    private final int cin;
    private final int cout;
    private final int tilesY;
    private final int tilesX;
    /** The transformed kernel: {@code (m+2)^2} packed {@code [Cin x Cout]} matrices. */
    private final PackedMatrix[] u;
    private final float[] bias;
    private final KernelSet kernels;
    private final Sgemm gemm;
    /** {@code B^T}, {@code a x a}, and {@code A^T}, {@code m x a}, row-major. */
    private final float[] bt;
    private final float[] at;
    /** Per row of {@code B^T} and of {@code A^T}: the columns of its non-zero coefficients, and those coefficients. */
    private final int[][] btTerms;
    private final float[][] btCoefs;
    private final int[][] atTerms;
    private final float[][] atCoefs;
    /** Tiles per task (a multiple of the 12-row register tile). */
    private final int block;

    /** Input channels and output channels from which the planner prefers Winograd (measured, see the class comment). */
    static final int MIN_CHANNELS = 48;
    /** Output positions per spatial axis from which the planner prefers Winograd. */
    static final int MIN_OUT = 8;
    /** Output positions per spatial axis from which F(4x4,3x3) beats F(2x2,3x3). */
    static final int MIN_OUT_F4 = 24;

    private static final double[] BT2 = {
        1, 0, -1, 0,
        0, 1, 1, 0,
        0, -1, 1, 0,
        0, 1, 0, -1};
    private static final double[] G2 = {
        1, 0, 0,
        0.5, 0.5, 0.5,
        0.5, -0.5, 0.5,
        0, 0, 1};
    private static final double[] AT2 = {
        1, 1, 1, 0,
        0, 1, -1, -1};
    private static final double[] BT4 = {
        4, 0, -5, 0, 1, 0,
        0, -4, -4, 1, 1, 0,
        0, 4, -4, -1, 1, 0,
        0, -2, -1, 2, 1, 0,
        0, 2, -1, -2, 1, 0,
        0, 4, 0, -5, 0, 1};
    private static final double[] G4 = {
        1 / 4.0, 0, 0,
        -1 / 6.0, -1 / 6.0, -1 / 6.0,
        -1 / 6.0, 1 / 6.0, -1 / 6.0,
        1 / 24.0, 1 / 12.0, 1 / 6.0,
        1 / 24.0, -1 / 12.0, 1 / 6.0,
        0, 0, 1};
    private static final double[] AT4 = {
        1, 1, 1, 1, 1, 0,
        0, 1, -1, 2, -2, 0,
        0, 1, 1, 4, 4, 0,
        0, 1, -1, 8, -8, 1};

    /**
     * @param m output tile side, 2 or 4
     */
    WinogradConvStep(String name, Conv op, Window win, int cin, KernelSet kernels, int m) {
        super(name);
        if (!applies(op, win, cin) || (m != 2 && m != 4)) {
            throw new IllegalArgumentException("no Winograd F(" + m + "x" + m + ",3x3) for this convolution");
        }
        this.m = m;
        this.a = m + 2;
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.tilesY = (win.o1 + m - 1) / m;
        this.tilesX = (win.o2 + m - 1) / m;
        this.kernels = kernels;
        this.gemm = kernels.sgemm();
        this.bias = op.bias() == null ? null : op.bias().clone();
        this.bt = toFloat(m == 2 ? BT2 : BT4);
        this.at = toFloat(m == 2 ? AT2 : AT4);
        this.btTerms = terms(bt, a);
        this.btCoefs = coefs(bt, a);
        this.atTerms = terms(at, a);
        this.atCoefs = coefs(at, a);
        double[] g = m == 2 ? G2 : G4;
        // [3][3][Cin][Cout], from a read that is not kept: only the transformed form stays
        WeightRead read = WeightRead.of(op.kernel());
        float[] k = read.values();
        int e2 = a * a;
        float[] ue = new float[cin * cout];
        // all (m+2)^2 matrices in one array where the kernel packs flat
        this.u = gemm.packAll(e2, cin, cout, e -> {
            int i = e / a;
            int j = e % a;
            for (int ci = 0; ci < cin; ci++) {
                for (int co = 0; co < cout; co++) {
                    double s = 0;
                    for (int p = 0; p < 3; p++) {
                        for (int q = 0; q < 3; q++) {
                            s += g[i * 3 + p] * k[((p * 3 + q) * cin + ci) * cout + co] * g[j * 3 + q];
                        }
                    }
                    ue[ci * cout + co] = (float) s;
                }
            }
            return ue;
        });
        read.release();
        int rows = Math.max(48, Math.min(240, (1 << 18) / (e2 * Math.max(cin, cout))));
        this.block = rows / 12 * 12;
    }

    /** True if this step computes {@code op}: 2D, 3x3, stride 1, dilation 1, ungrouped. */
    static boolean applies(Conv op, Window w, int cin) {
        return op.groups() == 1 && op.spatialRank() == 2 && w.k1 == 3 && w.k2 == 3 && w.s1 == 1 && w.s2 == 1
                && w.d1 == 1 && w.d2 == 1 && cin >= 1;
    }

    /** True if Winograd is expected to beat the direct convolution (enough channels on both sides). */
    static boolean pays(Window w, int cin, int cout, KernelSet kernels) {
        return cin >= MIN_CHANNELS && cout >= MIN_CHANNELS && Math.min(w.o1, w.o2) >= MIN_OUT;
    }

    /** The output tile side for a window: 4 from {@value #MIN_OUT_F4} output positions on both axes, else 2. */
    static int tileFor(Window w) {
        return Math.min(w.o1, w.o2) >= MIN_OUT_F4 ? 4 : 2;
    }

    /** Bytes of the transformed kernel of F(m x m, 3x3): {@code (m+2)^2 Cin Cout} floats. */
    static long kernelBytes(int m, int cin, int cout) {
        return 4L * (m + 2) * (m + 2) * cin * cout;
    }

    /**
     * The output tile side whose transformed kernel fits in {@code left} bytes together with the read of
     * the kernel it is made from ({@code 9 Cin Cout} floats, dropped afterwards): {@link #tileFor}'s
     * choice if it fits, else F(2x2,3x3) if that fits, else 0 (the direct convolution, whose packed copy
     * is the kernel's size). So an engine compiled in a tight memory budget trades the speed of a
     * convolution or two for memory instead of failing.
     */
    static int tileWithin(Window w, int cin, int cout, long left) {
        long read = 4L * 9 * cin * cout;
        for (int m = tileFor(w); m >= 2; m -= 2) {
            if (kernelBytes(m, cin, cout) + read <= left) {
                return m;
            }
        }
        return 0;
    }

    /** {@code {B^T, G, A^T}} of F(m x m, 3x3), row-major (for the error analysis of the tests). */
    static double[][] transforms(int m) {
        return m == 2 ? new double[][] {BT2.clone(), G2.clone(), AT2.clone()}
                : new double[][] {BT4.clone(), G4.clone(), AT4.clone()};
    }

    /** The output tile side {@code m} of F(m x m, 3x3). */
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
        int tiles = batch * tilesY * tilesX;
        // enough blocks for every thread to take two (small outputs at batch 1), but whole register tiles
        int threads = exec.parallel.threads();
        int perThread = (tiles + 2 * threads - 1) / (2 * threads);
        int block = threads > 1 && perThread < this.block ? Math.max(12, (perThread + 11) / 12 * 12) : this.block;
        int blocks = (tiles + block - 1) / block;
        int e2 = a * a;
        long work = 2L * tiles * e2 * cin * cout;
        int participants = exec.parallel.participants(blocks, 1, work);
        float[][] vs = new float[participants][];
        float[][] ms = new float[participants][];
        float[][] ts = new float[participants][];
        for (int i = 0; i < participants; i++) {
            vs[i] = exec.arena.take(e2 * block * cin);
            ms[i] = exec.arena.take(e2 * block * cout);
            ts[i] = exec.arena.take(2 * e2 * Math.max(cin, cout));
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
                for (int e = 0; e < e2; e++) {
                    gemm.multiply(n, v, e * n * cin, cin, u[e], 0, cout, mm, e * n * cout, cout, false);
                }
                for (int tile = t0; tile < t1; tile++) {
                    outputTile(mm, n, tile - t0, tile, t, offs, out, fused);
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
     * Row {@code r} of the {@code (m+2)^2} matrices {@code V_e [n x Cin]} in {@code v}: {@code B^T d B}
     * for the input tile of tile {@code tile}, with {@code t} as scratch for {@code B^T d} (and, for a tile
     * that reaches past the input, for the zero-padded tile itself).
     */
    private void inputTile(float[] x, int tile, float[] v, int n, int r, float[] t, int[] offs) {
        Window w = win;
        int tx = tile % tilesX;
        int ty = (tile / tilesX) % tilesY;
        int b = tile / (tilesX * tilesY);
        int y0 = ty * m - w.p1;
        int x0 = tx * m - w.p2;
        int ac = a * cin;
        int tileSize = a * ac;
        float[] src;
        int base;
        int rowStride;
        if (y0 >= 0 && x0 >= 0 && y0 + a <= w.n1 && x0 + a <= w.n2) {
            src = x;
            base = ((b * w.n1 + y0) * w.n2 + x0) * cin;
            rowStride = w.n2 * cin;
        } else {
            // copy the part inside the input into a zero tile after the scratch of B^T d
            src = t;
            base = tileSize;
            rowStride = ac;
            Arrays.fill(t, tileSize, 2 * tileSize, 0f);
            int jLo = Math.max(0, -x0);
            int jHi = Math.min(a, w.n2 - x0);
            for (int k = 0; k < a; k++) {
                int iy = y0 + k;
                if (iy >= 0 && iy < w.n1 && jHi > jLo) {
                    System.arraycopy(x, ((b * w.n1 + iy) * w.n2 + x0 + jLo) * cin, t, tileSize + k * ac + jLo * cin,
                            (jHi - jLo) * cin);
                }
            }
        }
        // t[i][j] = sum_k BT[i][k] d[k][j]
        for (int i = 0; i < a; i++) {
            int[] ks = btTerms[i];
            float[] cs = btCoefs[i];
            for (int j = 0; j < a; j++) {
                for (int q = 0; q < ks.length; q++) {
                    offs[q] = base + ks[q] * rowStride + j * cin;
                }
                kernels.combine(t, (i * a + j) * cin, cin, src, offs, cs, ks.length, null, 0);
            }
        }
        // V[i][j] = sum_k t[i][k] BT[j][k]
        int stride = n * cin;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < a; j++) {
                int[] ks = btTerms[j];
                for (int q = 0; q < ks.length; q++) {
                    offs[q] = (i * a + ks[q]) * cin;
                }
                kernels.combine(v, (i * a + j) * stride + r * cin, cin, t, offs, btCoefs[j], ks.length, null, 0);
            }
        }
    }

    /**
     * The output positions of tile {@code tile} from row {@code r} of the products {@code M_e [n x Cout]}:
     * bias plus {@code A^T M A}, then the activation; {@code t} is scratch for {@code A^T M}.
     */
    private void outputTile(float[] mm, int n, int r, int tile, float[] t, int[] offs, float[] out, Act fused) {
        Window w = win;
        int tx = tile % tilesX;
        int ty = (tile / tilesX) % tilesY;
        int b = tile / (tilesX * tilesY);
        int stride = n * cout;
        int rows = Math.min(m, w.o1 - ty * m);
        int cols = Math.min(m, w.o2 - tx * m);
        // t[i][j] = sum_k AT[i][k] M[k][j]
        for (int i = 0; i < rows; i++) {
            int[] ks = atTerms[i];
            for (int j = 0; j < a; j++) {
                for (int q = 0; q < ks.length; q++) {
                    offs[q] = (ks[q] * a + j) * stride + r * cout;
                }
                kernels.combine(t, (i * a + j) * cout, cout, mm, offs, atCoefs[i], ks.length, null, 0);
            }
        }
        for (int i = 0; i < rows; i++) {
            int o = ((b * w.o1 + ty * m + i) * w.o2 + tx * m) * cout;
            for (int j = 0; j < cols; j++) {
                int[] ks = atTerms[j];
                for (int q = 0; q < ks.length; q++) {
                    offs[q] = (i * a + ks[q]) * cout;
                }
                kernels.combine(out, o + j * cout, cout, t, offs, atCoefs[j], ks.length, bias, 0);
            }
            if (fused != null) {
                fused.apply(out, out, o, o + cols * cout);
            }
        }
    }
}
