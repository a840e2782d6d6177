package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * A 1D, 2D or 3D convolution with a kernel of 3 on every axis, stride 1, dilation 1, one group and any
 * explicit pads, by the Winograd minimal filtering algorithm F(m, 3) applied along every axis (in 2D
 * F(m x m, 3x3) (Lavin and Gray, "Fast algorithms for convolutional
 * neural networks", 2016): every output tile of {@code m x m} positions is {@code A^T [ sum_c (G g_c G^T) .* (B^T d_c B) ] A}, with {@code d_c} the
 * {@code (m+2) x (m+2)} input tile of channel {@code c}. Per output tile that is {@code (m+2)^2}
 * multiplies per channel pair instead of {@code 9 m^2}: 2.25x fewer for F(2x2,3x3), 4x fewer for
 * F(4x4,3x3). The transforms are tensor products of the 1D ones, so one mechanism serves every rank: the
 * window's leading axes of lower ranks have a tile of 1 and no transform, and each transform is one pass
 * along one axis (1D: 6 products of {@code Cin x Cout} for 4 outputs with F(4,3), 2x fewer multiplies;
 * 3D: 64 for 8 with F(2,3) on every axis, 3.4x fewer).
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
 * save. In 1D (F(4,3), same measurement, {@code WinogradThroughput}) 64x256x256 ran 1.4x faster than
 * direct, 1024x64x64 1.2x, 100x64x64 1.4x, 256x48x48 1.5x, while 32 channels or 32 outputs lost; in 3D
 * F(2,3) on every axis ran 1.1x (16x16x16x64), 1.8x (8x8x8x128), 1.4x (6x6x6x256) and 1.8x (16x28x28x48)
 * faster, but lost at 32 channels. F(4,3) per axis was faster still on the larger 3D volumes, but it
 * amplifies the rounding {@code 16^3} times (against {@code 2.67^3}) and holds 8 times the kernel, so the
 * planner keeps F(2,3) there. Hence {@link #pays}: at least {@value #MIN_CHANNELS} input and output
 * channels and at least {@value #MIN_OUT} outputs per axis in 2D ({@value #MIN_OUT_1D} in 1D,
 * {@value #MIN_OUT_3D} per axis in 3D); {@link #tileFor}: F(4,3) in 1D, F(4x4,3x3) in 2D from
 * {@value #MIN_OUT_F4} outputs per axis, else F(2,3) on every axis. Memory: the transformed kernel is {@code ((m+2)/3)^rank} times the kernel (1.8x for
 * F(2x2), 4x for F(4x4), 2x for 1D F(4,3), 2.4x for 3D F(2,3)), in place of the direct step's packed copy, made from a read of the kernel that is not kept, all its
 * matrices in one array; the planner takes the fastest transform that fits what the memory budget has
 * left ({@link #tileWithin}), so a tight heap trades speed for memory. Immutable; thread-safe.
 */
final class WinogradConvStep extends Step {
    /** Output tile side {@code m} on every convolved axis. */
    private final int m;
    private final Window win;
    private final int cin;
    private final int cout;
    /** Per axis of the window (leading axes of lower ranks are 1): output tile, input tile, tiles. */
    private final int[] ms = new int[3];
    private final int[] as = new int[3];
    private final int[] tiles = new int[3];
    /** The convolved axes (those of the op's rank), in order. */
    private final int[] axes;
    /** Input and output sizes and leading pads per axis, from the window. */
    private final int[] n;
    private final int[] o;
    private final int[] p;
    /** Elements of one transformed tile: the product of the input tile sides ({@code (m+2)^rank}). */
    private final int elems;
    /** The transformed kernel: {@link #elems} packed {@code [Cin x Cout]} matrices. */
    private final PackedMatrix[] u;
    private final float[] bias;
    private final KernelSet kernels;
    private final Sgemm gemm;
    /** Per row of {@code B^T} and of {@code A^T}: the columns of its non-zero coefficients, and those coefficients. */
    private final int[][] btTerms;
    private final float[][] btCoefs;
    private final int[][] atTerms;
    private final float[][] atCoefs;
    /** Most tiles for which several threads run the stages one after the other ({@link #runStaged}). */
    static final int STAGED_TILES = 96;
    /** Tiles per task (a multiple of the 12-row register tile). */
    private final int block;

    /** Input channels and output channels from which the planner prefers Winograd (measured, see the class comment). */
    static final int MIN_CHANNELS = 48;
    /** Output positions per spatial axis from which the planner prefers Winograd. */
    static final int MIN_OUT = 8;
    /** Output positions per spatial axis from which F(4x4,3x3) beats F(2x2,3x3). */
    static final int MIN_OUT_F4 = 24;
    /** Output positions from which the planner prefers Winograd on a 1D convolution. */
    static final int MIN_OUT_1D = 64;
    /** Output positions per axis from which the planner prefers Winograd on a 3D convolution. */
    static final int MIN_OUT_3D = 6;

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
     * @param m output tile side on every convolved axis, 2 or 4
     */
    WinogradConvStep(String name, Conv op, Window win, int cin, KernelSet kernels, int m) {
        super(name);
        if (!applies(op, win, cin) || (m != 2 && m != 4)) {
            throw new IllegalArgumentException("no Winograd F(" + m + ",3) for this convolution");
        }
        this.m = m;
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.n = new int[] {win.n0, win.n1, win.n2};
        this.o = new int[] {win.o0, win.o1, win.o2};
        this.p = new int[] {win.p0, win.p1, win.p2};
        int rank = op.spatialRank();
        this.axes = java.util.stream.IntStream.range(3 - rank, 3).toArray();
        int e = 1;
        for (int ax = 0; ax < 3; ax++) {
            boolean conv = ax >= 3 - rank;
            ms[ax] = conv ? m : 1;
            as[ax] = conv ? m + 2 : 1;
            tiles[ax] = (o[ax] + ms[ax] - 1) / ms[ax];
            e *= as[ax];
        }
        this.elems = e;
        this.kernels = kernels;
        this.gemm = kernels.sgemm();
        this.bias = op.bias() == null ? null : op.bias().clone();
        float[] bt = toFloat(m == 2 ? BT2 : BT4);
        float[] at = toFloat(m == 2 ? AT2 : AT4);
        this.btTerms = terms(bt, m + 2);
        this.btCoefs = coefs(bt, m + 2);
        this.atTerms = terms(at, m + 2);
        this.atCoefs = coefs(at, m + 2);
        // [3]^rank [Cin][Cout], from a read that is not kept: only the transformed form stays
        WeightRead read = WeightRead.of(op.kernel());
        float[] k = read.values();
        float[] ue = new float[cin * cout];
        // all (m+2)^rank matrices in one array where the kernel packs flat
        this.u = gemm.packAll(elems, cin, cout, i -> {
            transformKernel(k, tapCoefficients(i, m == 2 ? G2 : G4), ue);
            return ue;
        });
        read.release();
        int rows = Math.max(48, Math.min(240, (1 << 18) / (elems * Math.max(cin, cout))));
        this.block = rows / 12 * 12;
    }

    /**
     * The coefficient of every kernel tap in transformed element {@code e}: the product over the
     * convolved axes of {@code G[i_axis][p_axis]} (taps and elements in row-major order).
     */
    private double[] tapCoefficients(int e, double[] g) {
        int taps = 1;
        for (int ax : axes) {
            taps *= 3;
        }
        double[] c = new double[taps];
        for (int t = 0; t < taps; t++) {
            double v = 1;
            int rest = e;
            int tr = t;
            for (int q = axes.length - 1; q >= 0; q--) {
                int ax = axes[q];
                int i = rest % as[ax];
                rest /= as[ax];
                int tap = tr % 3;
                tr /= 3;
                v *= g[i * 3 + tap];
            }
            c[t] = v;
        }
        return c;
    }

    /** {@code ue[ci][co] = sum_t c[t] k[t][ci][co]}, accumulated in double precision. */
    private void transformKernel(float[] k, double[] c, float[] ue) {
        int cc = cin * cout;
        int nz = 0;
        int[] taps = new int[c.length];
        for (int t = 0; t < c.length; t++) {
            if (c[t] != 0) {
                taps[nz++] = t;
            }
        }
        for (int j = 0; j < cc; j++) {
            double s = 0;
            for (int q = 0; q < nz; q++) {
                s += c[taps[q]] * k[taps[q] * cc + j];
            }
            ue[j] = (float) s;
        }
    }

    /**
     * True if this step computes {@code op}: 1D, 2D or 3D, a kernel of 3 on every spatial axis, stride 1,
     * dilation 1, ungrouped.
     */
    static boolean applies(Conv op, Window w, int cin) {
        int r = op.spatialRank();
        return op.groups() == 1 && cin >= 1 && w.k2 == 3 && w.s2 == 1 && w.d2 == 1
                && (r < 2 || w.k1 == 3 && w.s1 == 1 && w.d1 == 1)
                && (r < 3 || w.k0 == 3 && w.s0 == 1 && w.d0 == 1);
    }

    /**
     * True if Winograd is expected to beat the direct convolution: enough channels on both sides and
     * enough outputs on every convolved axis (1D: {@value #MIN_OUT_1D}, 2D: {@value #MIN_OUT}, 3D:
     * {@value #MIN_OUT_3D}; measured, see the class comment).
     */
    static boolean pays(Window w, int cin, int cout, KernelSet kernels) {
        int axes = convolvedAxes(w);
        int minOut = axes == 1 ? MIN_OUT_1D : axes == 2 ? MIN_OUT : MIN_OUT_3D;
        return cin >= MIN_CHANNELS && cout >= MIN_CHANNELS && minOut(w) >= minOut;
    }

    /**
     * The output tile side for a window: 1D F(4,3); 2D F(4x4,3x3) from {@value #MIN_OUT_F4} output
     * positions on both axes, else F(2x2,3x3); 3D F(2,3) on every axis (F(4,3) there amplifies the
     * rounding 16^3 times and holds 8 times the kernel).
     */
    static int tileFor(Window w) {
        int axes = convolvedAxes(w);
        return axes == 1 ? 4 : axes == 3 ? 2 : minOut(w) >= MIN_OUT_F4 ? 4 : 2;
    }

    /** The axes of a window this step convolves (those with a kernel of 3; the others are lifted, of 1). */
    private static int convolvedAxes(Window w) {
        return (w.k0 == 3 ? 1 : 0) + (w.k1 == 3 ? 1 : 0) + (w.k2 == 3 ? 1 : 0);
    }

    /** The fewest output positions over the convolved axes. */
    private static int minOut(Window w) {
        int m = w.o2;
        m = w.k1 == 3 ? Math.min(m, w.o1) : m;
        return w.k0 == 3 ? Math.min(m, w.o0) : m;
    }

    /** Bytes of the transformed kernel of F(m, 3) on {@code axes} axes: {@code (m+2)^axes Cin Cout} floats. */
    static long kernelBytes(int m, int axes, int cin, int cout) {
        return 4L * (long) Math.pow(m + 2, axes) * cin * cout;
    }

    /**
     * The output tile side whose transformed kernel fits in {@code left} bytes together with the read of
     * the kernel it is made from ({@code 3^rank Cin Cout} floats, dropped afterwards): {@link #tileFor}'s
     * choice if it fits, else F(2,3) if that fits, else 0 (the direct convolution, whose packed copy
     * is the kernel's size). So an engine compiled in a tight memory budget trades the speed of a
     * convolution or two for memory instead of failing.
     */
    static int tileWithin(Window w, int cin, int cout, long left) {
        int axes = convolvedAxes(w);
        long read = 4L * (long) Math.pow(3, axes) * cin * cout;
        for (int m = tileFor(w); m >= 2; m -= 2) {
            if (kernelBytes(m, axes, cin, cout) + read <= left) {
                return m;
            }
        }
        return 0;
    }

    /** {@code {B^T, G, A^T}} of F(m, 3), row-major (for the error analysis of the tests). */
    static double[][] transforms(int m) {
        return m == 2 ? new double[][] {BT2.clone(), G2.clone(), AT2.clone()}
                : new double[][] {BT4.clone(), G4.clone(), AT4.clone()};
    }

    /** The output tile side {@code m} of F(m, 3) on every convolved axis. */
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
        int total = batch * tiles[0] * tiles[1] * tiles[2];
        int threads = exec.parallel.threads();
        if (threads > 1 && total <= STAGED_TILES
                && exec.parallel.participants(elems, 1, 2L * total * elems * cin * cout) > 1) {
            runStaged(exec, total, x, out, fused);
            return;
        }
        // small outputs (batch 1) on several threads: two blocks per thread, of whole register tiles and
        // within one register tile of each other in size, as the products' row chunks (fixed 60-tile
        // blocks had split 196 tiles 60/60/60/16, one thread doing 120 while the other did 76); else
        // blocks of this.block tiles
        boolean small = threads > 1 && (total + 2 * threads - 1) / (2 * threads) < this.block;
        int blocks = small ? Math.min((total + 11) / 12, 2 * threads) : (total + this.block - 1) / this.block;
        int block = small ? GemmRunner.largestChunk(blocks, total) : this.block;
        int e2 = elems;
        long work = 2L * total * e2 * cin * cout;
        int participants = exec.parallel.participants(blocks, 1, work);
        float[][] vs = new float[participants][];
        float[][] prods = new float[participants][];
        float[][] ts = new float[participants][];
        for (int i = 0; i < participants; i++) {
            vs[i] = exec.arena.take(e2 * block * cin);
            prods[i] = exec.arena.take(e2 * block * cout);
            ts[i] = exec.arena.take(3 * e2 * Math.max(cin, cout));
        }
        exec.parallel.forRange(blocks, 1, work, (w, b0, b1) -> {
            float[] v = vs[w];
            float[] mm = prods[w];
            float[] t = ts[w];
            Cursor cu = new Cursor();
            for (int blk = b0; blk < b1; blk++) {
                int t0 = small ? GemmRunner.chunkStart(blk, blocks, total) : blk * block;
                int t1 = small ? GemmRunner.chunkStart(blk + 1, blocks, total) : Math.min(total, t0 + block);
                int count = t1 - t0;
                for (int tile = t0; tile < t1; tile++) {
                    inputTile(x, tile, v, count, tile - t0, t, cu);
                }
                for (int e = 0; e < e2; e++) {
                    gemm.multiply(count, v, e * count * cin, cin, u[e], 0, cout, mm, e * count * cout, cout, false);
                }
                for (int tile = t0; tile < t1; tile++) {
                    outputTile(mm, count, tile - t0, tile, t, cu, out, fused);
                }
            }
        });
        for (int i = 0; i < participants; i++) {
            exec.arena.give(vs[i]);
            exec.arena.give(prods[i]);
            exec.arena.give(ts[i]);
        }
    }

    /**
     * Few tiles on several threads (the 14x14 and 28x28 layers of ResNet50 at batch 1 have 49): blocks of
     * tiles would leave a thread idle for a third of the step, so the three stages run one after the
     * other over all the tiles, each split on its own axis: the input transforms by tiles, the
     * {@code (m+2)^rank} products by transform element (independent products of the same size), the
     * output transforms by tiles. (Measured on ResNet50 at batch 1 on two threads: its 49-tile layers
     * 15-30% faster; its 196-tile layers 10-20% slower, their transformed tiles no longer in cache
     * between the stages, hence at most {@value #STAGED_TILES} tiles.)
     */
    private void runStaged(Exec exec, int total, float[] x, float[] out, Act fused) {
        int e2 = elems;
        float[] v = exec.arena.take(e2 * total * cin);
        float[] mm = exec.arena.take(e2 * total * cout);
        int threads = exec.parallel.threads();
        float[][] ts = new float[threads][];
        for (int i = 0; i < threads; i++) {
            ts[i] = exec.arena.take(3 * e2 * Math.max(cin, cout));
        }
        int grain = Math.max(1, (total + 2 * threads - 1) / (2 * threads));
        long transformWork = (long) total * e2 * (cin + cout) * 8;
        exec.parallel.forRange(total, grain, Math.max(transformWork, Parallel.MIN_PARALLEL_WORK), (w, t0, t1) -> {
            Cursor cu = new Cursor();
            for (int tile = t0; tile < t1; tile++) {
                inputTile(x, tile, v, total, tile, ts[w], cu);
            }
        });
        exec.parallel.forRange(e2, 1, 2L * total * e2 * cin * cout, (w, e0, e1) -> {
            for (int e = e0; e < e1; e++) {
                gemm.multiply(total, v, e * total * cin, cin, u[e], 0, cout, mm, e * total * cout, cout, false);
            }
        });
        exec.parallel.forRange(total, grain, Math.max(transformWork, Parallel.MIN_PARALLEL_WORK), (w, t0, t1) -> {
            Cursor cu = new Cursor();
            for (int tile = t0; tile < t1; tile++) {
                outputTile(mm, total, tile, tile, ts[w], cu, out, fused);
            }
        });
        exec.arena.give(v);
        exec.arena.give(mm);
        for (float[] t : ts) {
            exec.arena.give(t);
        }
    }

    /** {@code pos}: the tile's index per axis; returns its sample. */
    private int locate(int tile, int[] pos) {
        int rest = tile;
        for (int ax = 2; ax >= 0; ax--) {
            pos[ax] = rest % tiles[ax];
            rest /= tiles[ax];
        }
        return rest;
    }

    /** A worker's index scratch (no allocation per tile). */
    private static final class Cursor {
        final int[] offs = new int[6];
        final int[] pos = new int[3];
        final int[] start = new int[3];
        final int[] str = new int[3];
        final int[] vStr = new int[3];
        final int[] cur = new int[3];
        final int[] valid = new int[3];
        final int[][] dStr = new int[2][3];
    }

    private static void set(int[] v, int a, int b, int c) {
        v[0] = a;
        v[1] = b;
        v[2] = c;
    }

    /**
     * Row {@code r} of the {@code (m+2)^rank} matrices {@code V_e [count x Cin]} in {@code v}: {@code B^T}
     * applied along every convolved axis of the input tile of tile {@code tile}, with {@code t} as scratch
     * (three slots of one transformed tile: the zero-padded tile when it reaches past the input, and two
     * for the passes between the first and the last).
     */
    private void inputTile(float[] x, int tile, float[] v, int count, int r, float[] t, Cursor cu) {
        int[] pos = cu.pos;
        int[] s = cu.start;
        int b = locate(tile, pos);
        boolean inside = true;
        for (int ax = 0; ax < 3; ax++) {
            s[ax] = pos[ax] * ms[ax] - p[ax];
            inside &= s[ax] >= 0 && s[ax] + as[ax] <= n[ax];
        }
        int slot = elems * Math.max(cin, cout);
        int[] tileStr = cu.dStr[0];
        set(tileStr, as[1] * as[2] * cin, as[2] * cin, cin);
        float[] src;
        int base;
        int[] str = cu.str;
        if (inside) {
            src = x;
            base = (((b * n[0] + s[0]) * n[1] + s[1]) * n[2] + s[2]) * cin;
            set(str, n[1] * n[2] * cin, n[2] * cin, cin);
        } else {
            // copy the part inside the input into a zero tile in the first slot
            src = t;
            base = 0;
            set(str, tileStr[0], tileStr[1], tileStr[2]);
            Arrays.fill(t, 0, elems * cin, 0f);
            int jLo = Math.max(0, -s[2]);
            int jHi = Math.min(as[2], n[2] - s[2]);
            for (int k0 = 0; k0 < as[0] && jHi > jLo; k0++) {
                int i0 = s[0] + k0;
                for (int k1 = 0; k1 < as[1] && i0 >= 0 && i0 < n[0]; k1++) {
                    int i1 = s[1] + k1;
                    if (i1 >= 0 && i1 < n[1]) {
                        System.arraycopy(x, (((b * n[0] + i0) * n[1] + i1) * n[2] + s[2] + jLo) * cin, t,
                                k0 * tileStr[0] + k1 * tileStr[1] + jLo * cin, (jHi - jLo) * cin);
                    }
                }
            }
        }
        int stride = count * cin;
        set(cu.vStr, as[1] * as[2] * stride, as[2] * stride, stride);
        for (int q = 0; q < axes.length; q++) {
            boolean last = q == axes.length - 1;
            int dBase = last ? r * cin : (1 + q % 2) * slot;
            pass(src, base, str, last ? v : t, dBase, last ? cu.vStr : tileStr, as, axes[q], cin, btTerms, btCoefs,
                    null, cu.offs);
            src = t;
            base = dBase;
            str = tileStr;
        }
    }

    /**
     * One transform along axis {@code ax}: for every position {@code i} below {@code counts} (row
     * {@code i[ax]} of the transform on that axis), {@code dst[i] = init + sum_q coef_q src[i with i[ax] =
     * term_q]}, over channel vectors of {@code len}.
     */
    private void pass(float[] src, int sBase, int[] sStr, float[] dst, int dBase, int[] dStr, int[] counts, int ax,
            int len, int[][] terms, float[][] coefs, float[] init, int[] offs) {
        // the transform's rows outermost: each row's terms and coefficients serve every other position
        int sa = sStr[ax];
        int da = dStr[ax];
        int u = ax == 0 ? 1 : 0;
        int w = ax == 2 ? 1 : 2;
        int nu = counts[u];
        int nw = counts[w];
        int su = sStr[u];
        int sw = sStr[w];
        int du = dStr[u];
        int dw = dStr[w];
        for (int i = 0; i < counts[ax]; i++) {
            int[] ks = terms[i];
            float[] cs = coefs[i];
            int nt = ks.length;
            for (int iu = 0; iu < nu; iu++) {
                // the line of positions along w in one call
                int so = sBase + iu * su;
                for (int q = 0; q < nt; q++) {
                    offs[q] = so + ks[q] * sa;
                }
                kernels.combine(dst, dBase + i * da + iu * du, dw, nw, len, src, offs, sw, cs, nt, init, 0);
            }
        }
    }

    /**
     * The output positions of tile {@code tile} from row {@code r} of the products {@code M_e [count x Cout]}:
     * bias plus {@code A^T} applied along every convolved axis, then the activation; {@code t} is scratch
     * for the passes between the first and the last.
     */
    private void outputTile(float[] mm, int count, int r, int tile, float[] t, Cursor cu, float[] out, Act fused) {
        int[] pos = cu.pos;
        int b = locate(tile, pos);
        int slot = elems * Math.max(cin, cout);
        int so = count * cout;
        float[] src = mm;
        int base = r * cout;
        int[] str = cu.str;
        set(str, as[1] * as[2] * so, as[2] * so, so);
        int[] cur = cu.cur;
        int[] valid = cu.valid;
        for (int ax = 0; ax < 3; ax++) {
            cur[ax] = as[ax];
            valid[ax] = Math.min(ms[ax], o[ax] - pos[ax] * ms[ax]);
        }
        int oBase = (((b * o[0] + pos[0] * ms[0]) * o[1] + pos[1] * ms[1]) * o[2] + pos[2] * ms[2]) * cout;
        int[] oStr = cu.vStr;
        set(oStr, o[1] * o[2] * cout, o[2] * cout, cout);
        for (int q = 0; q < axes.length; q++) {
            boolean last = q == axes.length - 1;
            cur[axes[q]] = valid[axes[q]];
            int[] dStr = oStr;
            if (!last) {
                dStr = cu.dStr[q % 2];
                set(dStr, cur[1] * cur[2] * cout, cur[2] * cout, cout);
            }
            int dBase = last ? oBase : (1 + q % 2) * slot;
            pass(src, base, str, last ? out : t, dBase, dStr, cur, axes[q], cout, atTerms, atCoefs,
                    last ? bias : null, cu.offs);
            src = t;
            base = dBase;
            str = dStr;
        }
        if (fused != null) {
            for (int i0 = 0; i0 < valid[0]; i0++) {
                for (int i1 = 0; i1 < valid[1]; i1++) {
                    int at = oBase + i0 * oStr[0] + i1 * oStr[1];
                    fused.apply(out, out, at, at + valid[2] * cout);
                }
            }
        }
    }
}
