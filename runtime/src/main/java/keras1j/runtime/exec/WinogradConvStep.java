package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * A 2D convolution with a 3x3 kernel, stride 1, dilation 1, one group and any explicit pads, by the
 * Winograd minimal filtering algorithm F(m x m, 3x3) (Lavin and Gray, 2016): every output tile of
 * {@code m x m} positions is {@code A^T [ sum_c (G g_c G^T) .* (B^T d_c B) ] A}, with {@code d_c} the
 * {@code (m+2) x (m+2)} input tile of channel {@code c}. Per output tile that is {@code (m+2)^2}
 * multiplies per channel pair instead of {@code 9 m^2}: 2.25x fewer for F(2x2,3x3), 4x fewer for
 * F(4x4,3x3).
 * <ul>
 * <li>At plan time the kernel is transformed once (in double precision) into {@code (m+2)^2}
 * matrices {@code U_e [Cin x Cout]}, packed for the SGEMM.</li>
 * <li>Per call, for blocks of tiles (over batch and tile rows and columns), the input tiles are
 * transformed into {@code (m+2)^2} matrices {@code V_e [tiles x Cin]} (channels-last, so every
 * transform is a few multiply-adds of whole channel vectors, {@link KernelSet#axpy}); inputs in the
 * padding or past the input are zeros and simply skipped;</li>
 * <li>{@code (m+2)^2} products {@code M_e = V_e x U_e} run on the engine's {@link Sgemm} (the Vector
 * API register-tiled kernel where available);</li>
 * <li>the output transform {@code A^T M A} starts from the bias, writes only the positions inside
 * the output and applies the fused activation. Blocks of tiles run in parallel, each worker with its
 * scratch from the call's arena.</li>
 * </ul>
 *
 * <p><b>Which F.</b> F(4x4,3x3) needs 36 products of {@code Cin x Cout} for 16 outputs (2.25 multiplies
 * per output and channel pair against 9 direct), F(2x2,3x3) 16 for 4 (4 against 9). Its float32 error
 * is larger: its transforms have coefficients up to 8 (A) and 5 (B) and the kernel transform divides by
 * 24, so cancellations lose more bits. Measured against the double-precision reference on random data
 * (ConvPropertyTest), the largest error relative to the sum of |products| stays within the tested bound
 * for both; the fixtures pass at the manifest tolerance with both. The planner uses F(4x4,3x3) when the
 * output is large enough that the tiles are mostly full (at least 8 positions per axis), else F(2x2,3x3)
 * (a 4x4 tile on a 7x7 output computes 64 positions for 49). Immutable; thread-safe.
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
    /** Tiles per task (a multiple of the 12-row register tile). */
    private final int block;

    /** Input channels and output channels from which the planner prefers Winograd (measured, see BENCHMARKS.md). */
    static final int MIN_CHANNELS = 32;

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
        double[] g = m == 2 ? G2 : G4;
        float[] k = op.kernel().data(); // [3][3][Cin][Cout]
        int e2 = a * a;
        float[] ue = new float[cin * cout];
        this.u = new PackedMatrix[e2];
        double[] tmp = new double[a * 3];
        for (int e = 0; e < e2; e++) {
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
            u[e] = gemm.pack(ue, 0, cout, cin, cout);
        }
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
        return cin >= MIN_CHANNELS && cout >= MIN_CHANNELS;
    }

    /** The output tile side for a window: 4 when the output is at least 8 positions on both axes, else 2. */
    static int tileFor(Window w) {
        return w.o1 >= 8 && w.o2 >= 8 ? 4 : 2;
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
            ts[i] = exec.arena.take(e2 * Math.max(cin, cout));
        }
        exec.parallel.forRange(blocks, 1, work, (w, b0, b1) -> {
            float[] v = vs[w];
            float[] mm = ms[w];
            float[] t = ts[w];
            for (int blk = b0; blk < b1; blk++) {
                int t0 = blk * block;
                int t1 = Math.min(tiles, t0 + block);
                int n = t1 - t0;
                for (int tile = t0; tile < t1; tile++) {
                    inputTile(x, tile, v, n, tile - t0, t);
                }
                for (int e = 0; e < e2; e++) {
                    gemm.multiply(n, v, e * n * cin, cin, u[e], 0, cout, mm, e * n * cout, cout, false);
                }
                for (int tile = t0; tile < t1; tile++) {
                    outputTile(mm, n, tile - t0, tile, t, out, fused);
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
     * for the input tile of tile {@code tile}, with {@code t} as scratch for {@code B^T d}.
     */
    private void inputTile(float[] x, int tile, float[] v, int n, int r, float[] t) {
        Window w = win;
        int tx = tile % tilesX;
        int ty = (tile / tilesX) % tilesY;
        int b = tile / (tilesX * tilesY);
        int y0 = ty * m - w.p1;
        int x0 = tx * m - w.p2;
        // t[i][j] = sum_k BT[i][k] d[k][j], skipping inputs outside the image (zeros)
        Arrays.fill(t, 0, a * a * cin, 0f);
        for (int k = 0; k < a; k++) {
            int iy = y0 + k;
            if (iy < 0 || iy >= w.n1) {
                continue;
            }
            int row = (b * w.n1 + iy) * w.n2;
            int jLo = Math.max(0, -x0);
            int jHi = Math.min(a, w.n2 - x0);
            for (int i = 0; i < a; i++) {
                float c = bt[i * a + k];
                if (c == 0f) {
                    continue;
                }
                for (int j = jLo; j < jHi; j++) {
                    kernels.axpy(t, (i * a + j) * cin, c, x, (row + x0 + j) * cin, cin);
                }
            }
        }
        // V[i][j] = sum_k t[i][k] BT[j][k]
        int stride = n * cin;
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < a; j++) {
                int dst = (i * a + j) * stride + r * cin;
                Arrays.fill(v, dst, dst + cin, 0f);
                for (int k = 0; k < a; k++) {
                    float c = bt[j * a + k];
                    if (c != 0f) {
                        kernels.axpy(v, dst, c, t, (i * a + k) * cin, cin);
                    }
                }
            }
        }
    }

    /**
     * The output positions of tile {@code tile} from row {@code r} of the products {@code M_e [n x Cout]}:
     * bias plus {@code A^T M A}, then the activation; {@code t} is scratch for {@code A^T M}.
     */
    private void outputTile(float[] mm, int n, int r, int tile, float[] t, float[] out, Act fused) {
        Window w = win;
        int tx = tile % tilesX;
        int ty = (tile / tilesX) % tilesY;
        int b = tile / (tilesX * tilesY);
        int stride = n * cout;
        int rows = Math.min(m, w.o1 - ty * m);
        int cols = Math.min(m, w.o2 - tx * m);
        // t[i][j] = sum_k AT[i][k] M[k][j]
        Arrays.fill(t, 0, rows * a * cout, 0f);
        for (int i = 0; i < rows; i++) {
            for (int k = 0; k < a; k++) {
                float c = at[i * a + k];
                if (c == 0f) {
                    continue;
                }
                for (int j = 0; j < a; j++) {
                    kernels.axpy(t, (i * a + j) * cout, c, mm, (k * a + j) * stride + r * cout, cout);
                }
            }
        }
        for (int i = 0; i < rows; i++) {
            int o = ((b * w.o1 + ty * m + i) * w.o2 + tx * m) * cout;
            for (int j = 0; j < cols; j++) {
                int dst = o + j * cout;
                if (bias != null) {
                    System.arraycopy(bias, 0, out, dst, cout);
                } else {
                    Arrays.fill(out, dst, dst + cout, 0f);
                }
                for (int k = 0; k < a; k++) {
                    float c = at[j * a + k];
                    if (c != 0f) {
                        kernels.axpy(out, dst, c, t, (i * a + k) * cout, cout);
                    }
                }
            }
            if (fused != null) {
                fused.apply(out, out, o, o + cols * cout);
            }
        }
    }
}
