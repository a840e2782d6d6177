package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.Epilogue;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/**
 * Convolution of any spatial rank and group count (depthwise excepted) as matrix products, per
 * group. When the output channels are enough for the SGEMM kernel to run at full speed
 * ({@link Sgemm#efficientColumns()}), or when there are fewer output positions than channels, the
 * product is {@code C[N*outPositions, Cout/g] = X x W}, where {@code X} is:
 * <ul>
 * <li>the input itself for a pointwise (1x1, stride 1, unpadded) convolution;</li>
 * <li>on kernels that read taps in place ({@link Sgemm#readsTaps()}, the Vector API one) when a tap
 * reads at least {@value #MIN_TAP_LENGTH} contiguous inputs (its channels, or a whole kernel row of
 * an ungrouped convolution undilated along the last axis): the input itself (or a zero-padded copy),
 * read through per-position and per-tap offsets by {@link Sgemm#multiplyTaps} (an implicit
 * im2col: no im2col copy, no output reloads per tap);</li>
 * <li>with at least {@value #MIN_TAP_CHANNELS} input channels per group and at most
 * {@value #MAX_TAPS} kernel taps (1D kernels of WaveNet-style dilated stacks): strided views of the
 * input, one product per kernel tap accumulated into the output ("shifted views"): along the last
 * spatial axis the input rows a tap reads for consecutive outputs are {@code stride * Cin} floats
 * apart, so no copy is needed; padding only shortens the range of output rows a tap reaches;</li>
 * <li>otherwise the im2col matrix, built in row blocks that stay in cache.</li>
 * </ul>
 * Else (few output channels) the product is transposed, {@code C^T = W^T x im2col(x)^T}, over blocks
 * of 256 output positions so that the kernel's rows are long: the input is first transposed to
 * channels-first order so that im2col rows are contiguous copies, and each output block is
 * transposed back into channels-last order while it is in cache. Immutable; thread-safe.
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
    /** Per group and kernel tap, the {@code [Cg, Cout/g]} slice of the kernel; only for the tap path. */
    private final PackedMatrix[][] tapWeights;
    /** Per group, the kernel transposed to {@code [Cout/g, kdim]}; only when the transposed product can be chosen. */
    private final float[][] weightsT;
    private final float[] bias;
    private final Sgemm gemm;
    private final KernelSet kernels;
    private final boolean pointwise;
    /** Few channels at stride 1: shifted whole-plane multiply-adds ({@link #runFlat}); the kernel {@code [taps, Cin, Cout]}. */
    private final float[] flatWeights;
    /** True if the product reads the input in place through tap offsets ({@link Sgemm#multiplyTaps}). */
    private final boolean implicit;
    /** Inputs per tap of the implicit product: {@code Cin/g}, or a whole kernel row {@code k2 * Cin} when they are contiguous. */
    private final int tapLength;
    /** For the implicit product: the (padded) input layout's three spatial sizes, and whether a padded copy is needed. */
    private final int[] layout;
    private final boolean padCopy;
    /** Per group, per kernel tap, the offset of the tap's input channels from an output position's first input. */
    private final int[][] tapOffsets;
    /** Output rows per block of the row-major im2col matrix (about 128 KB). */
    private final int im2colRows;
    /** Output rows per block of the transposed product: its vector length. */
    private static final int BLOCK_ROWS = 256;
    /** Input channels per group from which a product per kernel tap beats building im2col rows. */
    static final int MIN_TAP_CHANNELS = 16;
    /**
     * Kernel taps up to which one product per tap beats im2col: every tap reloads and stores the
     * output block, which costs more than building im2col rows once a kernel has many taps (3x3).
     */
    static final int MAX_TAPS = 4;
    /** Output positions per block of the tap path (the output block stays in cache across taps). */
    private static final int TAP_BLOCK = 240;
    /** Largest channel counts of the few-channel path ({@link #runFlat}). */
    static final int FLAT_MAX_CIN = 8;
    static final int FLAT_MAX_COUT = 16;
    /** Positions (with the padding columns in between) per task of the few-channel path: rows stay in L1. */
    private static final int FLAT_SPAN = 2048;
    /** Shortest tap run (inputs per tap) from which the implicit product beats im2col. */
    static final int MIN_TAP_LENGTH = 8;
    /** Longest tap of the implicit product: longer runs of contiguous inputs are cut into equal pieces. */
    static final int MAX_TAP_LENGTH = 256;
    /** Output positions per task of the implicit product (a multiple of the 12-row micro-tile). */
    private static final int IMPLICIT_ROWS = 240;

    ConvStep(String name, Conv op, Window win, int cin, KernelSet kernels) {
        super(name);
        Sgemm gemm = kernels.sgemm();
        this.kernels = kernels;
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
        WeightRead read = WeightRead.of(op.kernel());
        float[] k = read.values();
        this.weights = new PackedMatrix[groups];
        for (int g = 0; g < groups; g++) {
            // kernel [k..., Cg, Cout] is row-major [kdim, Cout]; group g owns columns g*coutG..
            weights[g] = gemm.pack(k, g * coutG, cout, kdim, coutG);
        }
        boolean narrow = coutG < gemm.efficientColumns();
        boolean taps = !gemm.readsTaps() && !pointwise && cg >= MIN_TAP_CHANNELS && win.kernelVolume() <= MAX_TAPS;
        this.tapWeights = new PackedMatrix[taps ? groups : 0][];
        for (int g = 0; g < tapWeights.length; g++) {
            tapWeights[g] = new PackedMatrix[win.kernelVolume()];
            for (int j = 0; j < tapWeights[g].length; j++) {
                tapWeights[g][j] = gemm.pack(k, j * cg * cout + g * coutG, cout, cg, coutG);
            }
        }
        this.weightsT = new float[narrow ? groups : 0][coutG * kdim];
        for (int g = 0; g < weightsT.length; g++) {
            for (int p = 0; p < kdim; p++) {
                for (int co = 0; co < coutG; co++) {
                    weightsT[g][co * kdim + p] = k[p * cout + g * coutG + co];
                }
            }
        }
        Window v = win;
        // ungrouped, undilated along the last axis: a kernel row's taps read one contiguous run of
        // k2 * Cin inputs, so they merge into one tap of that length
        boolean merged = groups == 1 && v.d2 == 1;
        int run = merged ? v.k2 * cg : cg;
        this.implicit = gemm.readsTaps() && !pointwise && run >= MIN_TAP_LENGTH;
        // a long run is cut into equal pieces of at most MAX_TAP_LENGTH: the SGEMM's cache block of the
        // reduction is whole taps, so that the weights of one block then stay in L1 for all its rows
        int pieces = 1;
        while (run / pieces > MAX_TAP_LENGTH || run % pieces != 0) {
            pieces++;
        }
        if (run / pieces < MIN_TAP_LENGTH) {
            pieces = 1; // no good divisor: one long tap
        }
        this.tapLength = run / pieces;
        boolean flat = groups == 1 && !pointwise && cin <= FLAT_MAX_CIN && cout <= FLAT_MAX_COUT && v.s0 == 1
                && v.s1 == 1 && v.s2 == 1;
        this.flatWeights = flat ? k.clone() : null;
        this.padCopy = v.readsPastInput();
        this.layout = v.readLayout();
        this.tapOffsets = new int[implicit ? groups : 0][v.kernelVolume() / (merged ? v.k2 : 1) * pieces];
        for (int g = 0; g < tapOffsets.length; g++) {
            int j = 0;
            for (int jz = 0; jz < v.k0; jz++) {
                for (int jy = 0; jy < v.k1; jy++) {
                    for (int jx = 0; jx < (merged ? 1 : v.k2); jx++) {
                        int at = ((jz * v.d0 * layout[1] + jy * v.d1) * layout[2] + jx * v.d2) * cin + g * cg;
                        for (int piece = 0; piece < pieces; piece++, j++) {
                            tapOffsets[g][j] = at + piece * tapLength;
                        }
                    }
                }
            }
        }
        // a multiple of 24, so that SGEMM micro-kernels of 4, 6 or 8 rows divide it
        this.im2colRows = Math.max(24, Math.min(240, 32768 / Math.max(1, kdim)) / 24 * 24);
        read.release(); // every form kept above is a copy
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    boolean fusesAdd() {
        return true;
    }

    /** The pointwise and implicit products accumulate onto an addend that is their output array. */
    @Override
    boolean addsInPlace(int batch) {
        String path = path(batch);
        return path.equals("pointwise") || path.equals("implicit");
    }

    @Override
    String describe(int batch, Act fused) {
        Window v = win;
        return "Conv " + v.k1 + "x" + v.k2 + "/" + v.s2 + " " + cin + "->" + cout + " @" + v.o1 + "x" + v.o2 + " "
                + path(batch) + (fused == null ? "" : "+" + fused.name());
    }

    /** Which product {@link #run} computes at {@code batch} (for tests that must reach every path). */
    String path(int batch) {
        int rows = batch * win.outPositions();
        if (flatWeights != null) {
            return "flat";
        }
        if (weightsT.length > 0 && rows > coutG) {
            return "transposed";
        }
        return pointwise ? "pointwise" : implicit ? "implicit" : tapWeights.length > 0 ? "taps" : "im2col";
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        float[] addend = in.length > 1 ? in[1] : null;
        int rows = batch * win.outPositions();
        if (flatWeights != null) {
            runFlat(exec, batch, x, addend, out, fused);
        } else if (weightsT.length > 0 && rows > coutG) {
            runTransposed(exec, batch, x, addend, rows, out, fused);
        } else if (pointwise) {
            for (int g = 0; g < groups; g++) {
                GemmRunner.multiply(exec, gemm, rows, x, g * cg, cin, weights[g], out, 0, cout, g * coutG, bias,
                        addend, fused);
            }
        } else if (implicit) {
            runImplicit(exec, batch, x, addend, rows, out, fused);
        } else if (tapWeights.length > 0) {
            runTaps(exec, batch, x, addend, out, fused);
        } else {
            runIm2col(exec, x, addend, rows, out, fused);
        }
    }

    /**
     * Adds {@code addend} (if not null) to the output rows {@code [r0, r1)} of all channels, then applies
     * {@code fused}: the end of the paths whose products have no {@link keras1j.runtime.kernel.Epilogue}.
     */
    private void finish(float[] out, float[] addend, int r0, int r1, Act fused) {
        if (addend != null) {
            new Epilogue(null, 0, addend, r0 * cout, cout, false).apply(out, r0 * cout, cout, r1 - r0, 0, cout);
        }
        GemmRunner.activate(out, r0 * cout, cout, r1 - r0, 0, cout, fused);
    }

    /**
     * Few channels at stride 1 ({@value #FLAT_MAX_CIN} in, {@value #FLAT_MAX_COUT} out at most): the
     * input is copied channels-first into the zero-padded {@link #layout} with all samples of a
     * channel in one plane, so that every kernel tap is one shift of the whole plane; per output
     * channel, each tap and input channel then adds {@code w * plane[p + shift]} over a long run of
     * positions {@code p} (vectorized by C2), computing the padding columns between output rows too
     * (discarded when the result is copied back channels-last). Tasks are runs of whole output rows.
     */
    private void runFlat(Exec exec, int batch, float[] x, float[] addend, float[] out, Act fused) {
        Window v = win;
        int sample = layout[0] * layout[1] * layout[2];
        int plane = batch * sample;
        int[] shifts = new int[v.kernelVolume()];
        int j = 0;
        for (int jz = 0; jz < v.k0; jz++) {
            for (int jy = 0; jy < v.k1; jy++) {
                for (int jx = 0; jx < v.k2; jx++, j++) {
                    shifts[j] = (jz * v.d0 * layout[1] + jy * v.d1) * layout[2] + jx * v.d2;
                }
            }
        }
        // one input channel read in place is already channels-first; else a copy, with room for the
        // largest shift (a task's last run may read that far past its last row: zeros, discarded)
        boolean inPlace = cin == 1 && !padCopy;
        float[] xt = inPlace ? x : exec.arena.take(cin * plane + shifts[shifts.length - 1] + 1);
        if (!inPlace) {
            toPlanes(exec, x, batch, plane, xt);
        }
        int outLines = batch * v.o0 * v.o1;
        int linesPerTask = Math.max(1, FLAT_SPAN / layout[2]);
        int tasks = (outLines + linesPerTask - 1) / linesPerTask;
        long work = 2L * outLines * layout[2] * kdim * cout;
        exec.parallel.forRange(tasks, 1, work, (w, t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int l0 = t * linesPerTask;
                int l1 = Math.min(outLines, l0 + linesPerTask);
                int start = flatBase(l0);
                int n = flatBase(l1 - 1) + v.o2 - start;
                float[] acc = new float[cout * n];
                int[] offsets = new int[shifts.length * cin];
                for (int tap = 0; tap < shifts.length; tap++) {
                    for (int c = 0; c < cin; c++) {
                        offsets[tap * cin + c] = c * plane + start + shifts[tap];
                    }
                }
                kernels.shiftedSums(acc, n, cout, bias, xt, offsets, flatWeights);
                for (int l = l0; l < l1; l++) {
                    int from = flatBase(l) - start;
                    int o = l * v.o2 * cout;
                    for (int ox = 0; ox < v.o2; ox++) {
                        for (int co = 0; co < cout; co++) {
                            out[o + ox * cout + co] = acc[co * n + from + ox];
                        }
                    }
                }
                finish(out, addend, l0 * v.o2, l1 * v.o2, fused);
            }
        });
        if (!inPlace) {
            exec.arena.give(xt);
        }
    }

    /** The channels-first, zero-padded copy of {@link #runFlat}: channel {@code c} of every sample in plane {@code c}. */
    private void toPlanes(Exec exec, float[] x, int batch, int plane, float[] xt) {
        Window v = win;
        Arrays.fill(xt, cin * plane, xt.length, 0f);
        int lines = batch * layout[0] * layout[1];
        exec.parallel.forRange(lines, Nd.rowGrain(layout[2] * cin), (long) plane * cin, (w, l0, l1) -> {
            for (int l = l0; l < l1; l++) {
                int y = l % layout[1];
                int z = (l / layout[1]) % layout[0];
                int b = l / (layout[1] * layout[0]);
                int iz = z - v.p0;
                int iy = y - v.p1;
                int dst = l * layout[2];
                boolean rowOk = iz >= 0 && iz < v.n0 && iy >= 0 && iy < v.n1;
                int lo = rowOk ? Math.min(layout[2], v.p2) : layout[2];
                int hi = rowOk ? Math.max(lo, Math.min(layout[2], v.p2 + v.n2)) : layout[2];
                int src = (((b * v.n0 + iz) * v.n1 + iy) * v.n2 - v.p2) * cin;
                for (int c = 0; c < cin; c++) {
                    int d = c * plane + dst;
                    Arrays.fill(xt, d, d + lo, 0f);
                    for (int xx = lo; xx < hi; xx++) {
                        xt[d + xx] = x[src + xx * cin + c];
                    }
                    Arrays.fill(xt, d + hi, d + layout[2], 0f);
                }
            }
        });
    }

    /** Offset in a channel plane of {@link #runFlat} of the first input of output row {@code line} (over b, oz, oy). */
    private int flatBase(int line) {
        Window v = win;
        int oy = line % v.o1;
        int oz = (line / v.o1) % v.o0;
        int b = line / (v.o1 * v.o0);
        return ((b * layout[0] + oz) * layout[1] + oy) * layout[2];
    }

    /**
     * {@code out = im2col(x) x W} without building im2col: the SGEMM reads every output position's
     * input window in place through tap offsets ({@link Sgemm#multiplyTaps}) from the input, or from
     * a zero-padded copy of it when the convolution pads. Tasks are blocks of {@link #IMPLICIT_ROWS}
     * output positions (any number of output rows) and, when those are few for the threads, groups of
     * column panels as well ({@link GemmRunner#columnGroups}), so that both cores work on small feature
     * maps.
     */
    private void runImplicit(Exec exec, int batch, float[] x, float[] addend, int rows, float[] out, Act fused) {
        Window v = win;
        float[] xp = x;
        if (padCopy) {
            xp = exec.arena.take(batch * layout[0] * layout[1] * layout[2] * cin);
            v.copyPadded(exec, x, batch, cin, layout, xp);
        }
        float[] src = xp;
        GemmRunner.Split split = GemmRunner.Split.of(rows, IMPLICIT_ROWS, coutG, weights[0].panelWidth(),
                exec.parallel.threads());
        long work = 2L * rows * kdim * cout;
        int positions = v.outPositions();
        Act after = GemmRunner.after(fused);
        exec.parallel.forRange(split.tasks(), 1, work, (w, t0, t1) -> {
            int[] offsets = new int[split.largestChunk()];
            for (int t = t0; t < t1; t++) {
                int r0 = split.rowBegin(t);
                int r1 = split.rowEnd(t);
                int j0 = split.colBegin(t);
                int j1 = split.colEnd(t);
                for (int r = r0; r < r1; r++) {
                    int b = r / positions;
                    int pos = r - b * positions;
                    int ox = pos % v.o2;
                    int line = pos / v.o2;
                    int oy = line % v.o1;
                    int oz = line / v.o1;
                    offsets[r - r0] = (((b * layout[0] + oz * v.s0) * layout[1] + oy * v.s1) * layout[2] + ox * v.s2)
                            * cin;
                }
                for (int g = 0; g < groups; g++) {
                    int base = r0 * cout + g * coutG;
                    gemm.multiplyTaps(r1 - r0, src, offsets, 0, tapOffsets[g], tapLength, weights[g], j0, j1, out, base,
                            cout, addend == out,
                            GemmRunner.epilogue(bias, g * coutG, addend, out, base, cout, fused));
                    GemmRunner.activate(out, base, cout, r1 - r0, j0, j1, after);
                }
            }
        });
        if (padCopy) {
            exec.arena.give(xp);
        }
    }

    /** {@code out[rows, Cout/g] = im2col(x) x W} per group, im2col built in blocks of {@link #im2colRows} rows. */
    private void runIm2col(Exec exec, float[] x, float[] addend, int rows, float[] out, Act fused) {
        Act after = GemmRunner.after(fused);
        long work = 2L * rows * kdim * cout;
        int participants = exec.parallel.participants(rows, im2colRows, work);
        float[][] cols = new float[participants][];
        for (int i = 0; i < participants; i++) {
            cols[i] = exec.arena.take(im2colRows * kdim);
        }
        exec.parallel.forRange(rows, im2colRows, work, (w, r0, r1) -> {
            float[] col = cols[w];
            for (int g = 0; g < groups; g++) {
                im2col(x, r0, r1, g * cg, col);
                int base = r0 * cout + g * coutG;
                gemm.multiply(r1 - r0, col, 0, kdim, weights[g], 0, coutG, out, base, cout, false,
                        GemmRunner.epilogue(bias, g * coutG, addend, out, base, cout, fused));
            }
            GemmRunner.activate(out, r0 * cout, cout, r1 - r0, 0, cout, after);
        });
        for (float[] c : cols) {
            exec.arena.give(c);
        }
    }

    /**
     * {@code out = sum over taps of view_tap(x) x W_tap}, per block of {@link #TAP_BLOCK} positions
     * of one output row (fixed sample and leading spatial indices): the block starts from the bias
     * and every tap that reaches it adds one product whose left operand is the input read in place.
     */
    private void runTaps(Exec exec, int batch, float[] x, float[] addend, float[] out, Act fused) {
        Window v = win;
        int lines = batch * v.o0 * v.o1;
        int chunks = (v.o2 + TAP_BLOCK - 1) / TAP_BLOCK;
        long work = 2L * lines * v.o2 * kdim * cout;
        int grain = Math.max(1, TAP_BLOCK / Math.min(v.o2, TAP_BLOCK));
        exec.parallel.forRange(lines * chunks, grain, work, (w, u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int line = u / chunks;
                int x0 = (u - line * chunks) * TAP_BLOCK;
                tapBlock(x, addend, line, x0, Math.min(v.o2, x0 + TAP_BLOCK), out, fused);
            }
        });
    }

    /** Output positions {@code [x0, x1)} of output row {@code line} (over {@code b, oz, oy}). */
    private void tapBlock(float[] x, float[] addend, int line, int x0, int x1, float[] out, Act fused) {
        Window v = win;
        int oy = line % v.o1;
        int oz = (line / v.o1) % v.o0;
        int b = line / (v.o1 * v.o0);
        int base = (line * v.o2 + x0) * cout;
        int n = x1 - x0;
        if (!GemmRunner.fillBias(out, base, cout, n, 0, cout, bias, 0)) {
            Arrays.fill(out, base, base + n * cout, 0f);
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
                    // outputs ox with 0 <= ox*s2 + shift < n2
                    int shift = jx * v.d2 - v.p2;
                    int lo = Math.max(x0, ceilDiv(-shift, v.s2));
                    int hi = Math.min(x1, ceilDiv(v.n2 - shift, v.s2));
                    if (lo >= hi) {
                        continue;
                    }
                    int tap = (jz * v.k1 + jy) * v.k2 + jx;
                    int a = (rowBase + lo * v.s2 + shift) * cin;
                    int c = base + (lo - x0) * cout;
                    for (int g = 0; g < groups; g++) {
                        gemm.multiply(hi - lo, x, a + g * cg, v.s2 * cin, tapWeights[g][tap], 0, coutG, out,
                                c + g * coutG, cout, true);
                    }
                }
            }
        }
        finish(out, addend, line * v.o2 + x0, line * v.o2 + x1, fused);
    }

    /** {@code ceil(a / b)} for {@code b > 0}. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * {@code out^T[Cout/g, rows] = W^T x im2col(x)^T} per group, in blocks of {@link #BLOCK_ROWS}
     * output rows: the product's long dimension is then the block of output positions rather than
     * the (often small) channel count, so the SGEMM inner loop runs over 256 values. The input is
     * first copied in channels-first order, so that every im2col row is a few contiguous runs; each
     * block is transposed back into channels-last order (adding the bias) while it is in cache.
     */
    private void runTransposed(Exec exec, int batch, float[] x, float[] addend, int rows, float[] out, Act fused) {
        int positions = win.inPositions();
        float[] xt = exec.arena.take(batch * positions * cin);
        toChannelsFirst(exec, x, batch, positions, xt);
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
                im2colT(xt, r0, r1, g * cg, col);
                gemm.multiply(coutG, weightsT[g], 0, kdim, PackedMatrix.wrapRows(col, kdim, n), 0, n, t, 0, n, false);
                transposeBack(t, n, out, r0 * cout + g * coutG, g * coutG);
            }
            finish(out, addend, r0, r1, fused);
        });
        for (int i = 0; i < participants; i++) {
            exec.arena.giveRows(cols[i]);
            exec.arena.give(ct[i]);
        }
        exec.arena.give(xt);
    }

    /** {@code xt[(b*Cin + c)*P + pos] = x[(b*P + pos)*Cin + c]}, in blocks of positions that stay in cache. */
    private void toChannelsFirst(Exec exec, float[] x, int batch, int positions, float[] xt) {
        int block = 128;
        int blocks = (positions + block - 1) / block;
        exec.parallel.forRange(batch * blocks, 2, (long) batch * positions * cin, (w, u0, u1) -> {
            for (int u = u0; u < u1; u++) {
                int b = u / blocks;
                int p0 = (u - b * blocks) * block;
                int p1 = Math.min(positions, p0 + block);
                int c = 0;
                // four channels per pass: each input row's cache line serves four output rows at once
                for (; c + 3 < cin; c += 4) {
                    int d0 = (b * cin + c) * positions;
                    int src = b * positions * cin + c;
                    for (int pos = p0; pos < p1; pos++) {
                        int s = src + pos * cin;
                        xt[d0 + pos] = x[s];
                        xt[d0 + positions + pos] = x[s + 1];
                        xt[d0 + 2 * positions + pos] = x[s + 2];
                        xt[d0 + 3 * positions + pos] = x[s + 3];
                    }
                }
                for (; c < cin; c++) {
                    int dst = (b * cin + c) * positions;
                    int src = b * positions * cin + c;
                    for (int pos = p0; pos < p1; pos++) {
                        xt[dst + pos] = x[src + pos * cin];
                    }
                }
            }
        });
    }

    /** {@code out[outBase + r*Cout + co] = t[co*n + r] + bias[biasBase + co]} for the block's {@code n} rows. */
    private void transposeBack(float[] t, int n, float[] out, int outBase, int biasBase) {
        int r = 0;
        // four rows per pass: each line of t read serves four output rows
        for (; r + 3 < n; r += 4) {
            int o = outBase + r * cout;
            for (int co = 0; co < coutG; co++) {
                float b = bias == null ? -0f : bias[biasBase + co]; // -0 adds nothing, not even to -0
                int src = co * n + r;
                out[o + co] = t[src] + b;
                out[o + cout + co] = t[src + 1] + b;
                out[o + 2 * cout + co] = t[src + 2] + b;
                out[o + 3 * cout + co] = t[src + 3] + b;
            }
        }
        for (; r < n; r++) {
            int o = outBase + r * cout;
            for (int co = 0; co < coutG; co++) {
                out[o + co] = t[co * n + r] + (bias == null ? -0f : bias[biasBase + co]);
            }
        }
    }

    /**
     * Writes the transposed im2col block from the channels-first input {@code xt}:
     * {@code col[(j, ci)][r - r0]} for output rows {@code [r0, r1)} and input channels
     * {@code [c0, c0+cg)}. The block is cut into runs of one output row, where a kernel tap reads
     * evenly spaced input positions (contiguous at stride 1), zeros where it falls into padding.
     */
    private void im2colT(float[] xt, int r0, int r1, int c0, float[][] col) {
        Window v = win;
        int positions = v.outPositions();
        int inPositions = v.inPositions();
        int r = r0;
        while (r < r1) {
            int b = r / positions;
            int pos = r - b * positions;
            int line = pos / v.o2;
            int ox0 = pos - line * v.o2;
            int ox1 = Math.min(v.o2, ox0 + (r1 - r));
            int oz = line / v.o1;
            int oy = line - oz * v.o1;
            int at = r - r0;
            int j = 0;
            for (int jz = 0; jz < v.k0; jz++) {
                int iz = oz * v.s0 - v.p0 + jz * v.d0;
                for (int jy = 0; jy < v.k1; jy++) {
                    int iy = oy * v.s1 - v.p1 + jy * v.d1;
                    boolean rowOk = iz >= 0 && iz < v.n0 && iy >= 0 && iy < v.n1;
                    int rowBase = (iz * v.n1 + iy) * v.n2;
                    for (int jx = 0; jx < v.k2; jx++, j++) {
                        int shift = jx * v.d2 - v.p2;
                        int lo = rowOk ? Math.min(ox1, Math.max(ox0, ceilDiv(-shift, v.s2))) : ox1;
                        int hi = rowOk ? Math.max(lo, Math.min(ox1, ceilDiv(v.n2 - shift, v.s2))) : ox1;
                        for (int ci = 0; ci < cg; ci++) {
                            float[] dst = col[j * cg + ci];
                            int src = (b * cin + c0 + ci) * inPositions + rowBase + shift;
                            Arrays.fill(dst, at, at + (lo - ox0), 0f);
                            if (v.s2 == 1 && hi > lo) {
                                System.arraycopy(xt, src + lo, dst, at + (lo - ox0), hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) {
                                    dst[at + ox - ox0] = xt[src + ox * v.s2];
                                }
                            }
                            Arrays.fill(dst, at + (hi - ox0), at + (ox1 - ox0), 0f);
                        }
                    }
                }
            }
            r += ox1 - ox0;
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
