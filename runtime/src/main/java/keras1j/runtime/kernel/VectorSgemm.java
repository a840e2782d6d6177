package keras1j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SGEMM on the JDK Vector API ({@code jdk.incubator.vector}): a register-blocked micro-kernel
 * keeps a {@code 12 x 2*L} tile of {@code C} in vector registers ({@code L} lanes of the preferred
 * species: 24 accumulators, sized for the 32 registers of AVX-512; tiles of 13, 6, 5 and 4 rows take
 * the remaining rows, see {@link #tileRows}) while it runs over a cache block of the reduction,
 * broadcasting one value of {@code A} per row and loading two vectors of a flat-packed {@code B}
 * panel row per step. Loaded only by
 * {@link Kernels} when the module is present at run time; stateless and thread-safe.
 */
final class VectorSgemm implements Sgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * L;
    /**
     * Columns per panel: one micro-tile wide, so that a reduction block of a panel is one contiguous
     * {@code KC x NR} sliver, read sequentially and kept in L1 while every row tile uses it.
     */
    static final int PANEL_WIDTH = NR;
    /**
     * Matrices of at least this many values (64 MiB) are not packed but read in place
     * ({@link PackedMatrix#view}): a model's largest weights are then held once, not twice (a
     * VGG16's first dense layer alone is 411 MB). Such matrices are dense layers, mostly multiplied
     * by a few rows (a matrix-vector product bound by memory bandwidth), which {@link #fewRows}
     * streams in stored order about as fast as from a packed copy; more rows go through
     * {@link #viewBlocks} (1.4-1.8 times slower than packed on VGG16's fc1 at batch 8-32). Smaller
     * matrices (every convolution of VGG16) are packed: a convolution multiplies blocks of a few
     * dozen im2col rows, and each call would copy the view's blocks again.
     */
    static final long VIEW_ELEMENTS = 1L << 24;
    /** Reduction block: a {@code KC x NR} sliver of a panel stays in L1 while the tiles of a block of rows use it. */
    private static final int KC = 256;

    VectorSgemm() {
        if (L < 8) {
            throw new UnsupportedOperationException("vector species too narrow: " + S);
        }
    }

    @Override
    public String name() {
        return "vector-api-" + S.vectorBitSize();
    }

    @Override
    public int efficientColumns() {
        return NR;
    }

    @Override
    public PackedMatrix pack(float[] b, int offset, int ld, int k, int n) {
        if ((long) k * n >= VIEW_ELEMENTS) {
            return PackedMatrix.view(b, offset, ld, k, n, PANEL_WIDTH);
        }
        return PackedMatrix.packFlat(b, offset, ld, k, n, PANEL_WIDTH);
    }

    @Override
    public PackedMatrix packOwned(float[] b, int k, int n) {
        if ((long) k * n >= VIEW_ELEMENTS || (long) k * n != b.length) {
            return pack(b, 0, n, k, n);
        }
        return PackedMatrix.packFlatInPlace(b, k, n, PANEL_WIDTH);
    }

    @Override
    public PackedMatrix[] packAll(int count, int k, int n, java.util.function.IntFunction<float[]> matrix) {
        long each = (long) k * n;
        if (each >= VIEW_ELEMENTS || count * each > keras1j.runtime.memory.MemoryBudget.MAX_ARRAY_LENGTH) {
            return Sgemm.super.packAll(count, k, n, matrix);
        }
        float[] all = keras1j.runtime.memory.MemoryBudget.newFloats(count * each,
                count + " packed matrices of " + k + " x " + n);
        PackedMatrix[] packed = new PackedMatrix[count];
        for (int e = 0; e < count; e++) {
            packed[e] = PackedMatrix.packFlatInto(matrix.apply(e), 0, n, k, n, PANEL_WIDTH, all, (int) (e * each));
        }
        return packed;
    }

    @Override
    public void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix packed, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate) {
        multiply(rows, a, aOffset, lda, packed, colBegin, colEnd, c, cOffset, ldc, accumulate, null);
    }

    @Override
    public void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix packed, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate, Epilogue epilogue) {
        PackedMatrix b = packed.toFlat();
        if (b.isView() && b.rows() > 0) {
            if (rows < MR) {
                fewRows(rows, a, aOffset, lda, b, colBegin, colEnd, c, cOffset, ldc, accumulate);
            } else {
                viewBlocks(rows, a, aOffset, lda, b, colBegin, colEnd, c, cOffset, ldc, accumulate);
            }
            if (epilogue != null) {
                epilogue.apply(c, cOffset, ldc, rows, colBegin, Math.min(colEnd, b.cols()));
            }
            return;
        }
        float[] bd = b.flatData();
        int k = b.rows();
        int pw = b.panelWidth();
        for (int j0 = colBegin; j0 < colEnd; j0 += pw) {
            int w = Math.min(pw, b.cols() - j0);
            int panel = b.panelOffset(j0);
            int ldb = b.panelStride(j0);
            if (k == 0 && !accumulate) {
                for (int i = 0; i < rows; i++) {
                    java.util.Arrays.fill(c, cOffset + i * ldc + j0, cOffset + i * ldc + j0 + w, 0f);
                }
            }
            for (int p0 = 0; p0 < k; p0 += KC) {
                int p1 = Math.min(k, p0 + KC);
                panelBlock(rows, a, aOffset, lda, bd, panel + p0 * ldb, ldb, w, p0, p1, c, cOffset + j0, ldc,
                        accumulate || p0 > 0);
            }
            if (epilogue != null) {
                finish(epilogue, rows, j0, w, c, cOffset + j0, ldc);
            }
        }
    }

    /**
     * Applies {@code e} to one panel's freshly computed block of {@code C} (still in L1): rows
     * {@code [0, rows)}, columns {@code [j0, j0 + w)} of the product, {@code c[cBase + i*ldc + jj]}.
     */
    private static void finish(Epilogue e, int rows, int j0, int w, float[] c, int cBase, int ldc) {
        float[] bias = e.bias();
        float[] add = e.addend();
        boolean relu = e.relu();
        int vw = w / L * L;
        FloatVector zero = FloatVector.zero(S);
        if (w == NR) {
            // a full panel: its two bias vectors loaded once, one pass per row
            FloatVector b0 = bias == null ? zero : FloatVector.fromArray(S, bias, e.biasOffset() + j0);
            FloatVector b1 = bias == null ? zero : FloatVector.fromArray(S, bias, e.biasOffset() + j0 + L);
            float[] addend = add == null ? c : add;
            int ao = add == null ? 0 : e.addendOffset() + j0;
            int ald = add == null ? 0 : e.addendLd();
            for (int i = 0; i < rows; i++) {
                int ci = cBase + i * ldc;
                FloatVector x0 = FloatVector.fromArray(S, c, ci).add(b0);
                FloatVector x1 = FloatVector.fromArray(S, c, ci + L).add(b1);
                if (add != null) {
                    int ai = ao + i * ald;
                    x0 = x0.add(FloatVector.fromArray(S, addend, ai));
                    x1 = x1.add(FloatVector.fromArray(S, addend, ai + L));
                }
                if (relu) {
                    x0 = x0.max(zero);
                    x1 = x1.max(zero);
                }
                x0.intoArray(c, ci);
                x1.intoArray(c, ci + L);
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            int ci = cBase + i * ldc;
            int ai = add == null ? 0 : e.addendOffset() + i * e.addendLd() + j0;
            int bi = e.biasOffset() + j0;
            int jj = 0;
            for (; jj < vw; jj += L) {
                FloatVector x = FloatVector.fromArray(S, c, ci + jj);
                if (bias != null) {
                    x = x.add(FloatVector.fromArray(S, bias, bi + jj));
                }
                if (add != null) {
                    x = x.add(FloatVector.fromArray(S, add, ai + jj));
                }
                if (relu) {
                    x = x.max(zero);
                }
                x.intoArray(c, ci + jj);
            }
            for (; jj < w; jj++) {
                float x = c[ci + jj];
                if (bias != null) {
                    x += bias[bi + jj];
                }
                if (add != null) {
                    x += add[ai + jj];
                }
                c[ci + jj] = relu ? Math.max(x, 0f) : x;
            }
        }
    }

    /**
     * {@code C[:, j0 .. j0+w) (+)= A[:, p0..p1) x B-block} for one panel block of {@code w} columns
     * whose row {@code p} starts at {@code bd[bo + (p - p0) * ldb]}; {@code c[cBase + i*ldc + jj]}.
     */
    private static void panelBlock(int rows, float[] a, int aOffset, int lda, float[] bd, int bo, int ldb, int w,
            int p0, int p1, float[] c, int cBase, int ldc, boolean load) {
        // Each 12-row pass over this block also reads its share of the block stored next (the next
        // reduction block or panel of a packed B) at an even pace, so that the hardware prefetcher
        // streams it from memory while this block is multiplied from L1: a weight matrix that is
        // not in cache (a large layer at few rows) then arrives ahead of its first pass, instead of
        // stalling it.
        int n = p1 - p0;
        int passes = rows / (2 * MR);
        int next = bo + n * ldb;
        int step = passes == 0 || n == 0 ? 0 : Math.max(1, (n * ldb + passes - 1) / passes / n);
        boolean fits = bd.length >= TOUCH_MIN && ldb == w && (long) next + (long) passes * n * step <= bd.length;
        int jj = 0;
        for (; jj + NR <= w; jj += NR) {
            int pass = 0;
            for (int i = 0, h; i < rows; i += h) {
                h = tileRows(rows - i);
                int ai = aOffset + i * lda;
                int ci = cBase + i * ldc + jj;
                switch (h) {
                    case 2 * MR, 2 * MR + 1 -> {
                        int touch = fits && jj == 0 ? next + pass * n * step : bo;
                        int touchStep = fits && jj == 0 ? step : 0;
                        if (h == 2 * MR) {
                            tile12(a, ai, lda, bd, bo + jj, ldb, p0, p1, c, ci, ldc, load, touch, touchStep);
                        } else {
                            tile13(a, ai, lda, bd, bo + jj, ldb, p0, p1, c, ci, ldc, load, touch, touchStep);
                        }
                        pass++;
                    }
                    case MR -> tile6(a, ai, lda, bd, bo + jj, ldb, p0, p1, c, ci, ldc, load);
                    case 5 -> tile5(a, ai, lda, bd, bo + jj, ldb, p0, p1, c, ci, ldc, load);
                    case 4 -> tile4(a, ai, lda, bd, bo + jj, ldb, p0, p1, c, ci, ldc, load);
                    default -> row2(a, ai, bd, bo + jj, ldb, p0, p1, c, ci, load);
                }
            }
        }
        for (; jj + L <= w; jj += L) {
            for (int i = 0; i < rows; i++) {
                row1(a, aOffset + i * lda, bd, bo + jj, ldb, p0, p1, c, cBase + i * ldc + jj, load);
            }
        }
        if (jj < w) {
            for (int i = 0; i < rows; i++) {
                scalar(a, aOffset + i * lda, bd, bo, w, ldb, jj, p0, p1, c, cBase + i * ldc, load);
            }
        }
    }

    /**
     * Rows of the next register tile when {@code rows} rows are left: 12 while at least 12 are left
     * (13 when exactly 13 are), then tiles of 6, 5 and 4 rows and, for what they do not cover, the
     * one-row kernel. The smaller tiles keep 8 to 12 accumulators, enough to cover the FMA latency, so
     * that a row costs about what it costs in the 12-row tile; the one-row kernel's two accumulators
     * wait on each FMA's latency, and a row there costs about four (the 4 rows left of a 14x14 layer's
     * 196 rows had cost it about 8%). A single row left joins the last 12-row tile (26 of the 32 vector
     * registers as accumulators): on a 7x7 layer, 49 rows by megabytes of weights, that was 6-8% faster
     * than four 12s and one row, while 12, 12, 12, 5, 4, 4 was 12% slower, each extra pass reading the
     * weight block again. Every C value is the same chain of FMAs in every tile, so the results do not
     * depend on the plan.
     */
    static int tileRows(int rows) {
        return rows == 2 * MR + 1 ? 2 * MR + 1 : rows >= 2 * MR ? 2 * MR : TILE_PLAN[rows];
    }

    /**
     * {@link #tileRows} below 12 rows: the first tile of the cheapest cover by tiles of 6, 5, 4 and 1
     * rows, counting a one-row kernel as four (7 rows: 6 and 1; 8: 4 and 4; 11: 6 and 5).
     */
    private static final int[] TILE_PLAN = {0, 1, 1, 1, 4, 5, 6, 6, 4, 5, 6, 6};

    /** Columns per block of {@link #viewBlocks} (a multiple of {@link #NR}): a packed block is {@code KC x NC}. */
    private static final int NC = 16 * NR;
    /** Each thread's buffer for one packed {@code KC x NC} block of a view. */
    private static final ThreadLocal<float[]> BLOCK = ThreadLocal.withInitial(() -> new float[KC * NC]);

    /**
     * {@code rows >= MR} rows on a {@link PackedMatrix#view}: each {@code KC x NC} block of {@code B}
     * is copied into a per-thread buffer (one contiguous copy per row, once per call), where the
     * register tiles then read it from L2 instead of from rows a whole matrix width apart.
     */
    private static void viewBlocks(int rows, float[] a, int aOffset, int lda, PackedMatrix b, int colBegin,
            int colEnd, float[] c, int cOffset, int ldc, boolean accumulate) {
        float[] bd = b.flatData();
        float[] buf = BLOCK.get();
        int k = b.rows();
        int ldb = b.panelStride(colBegin);
        for (int jb = colBegin; jb < colEnd; jb += NC) {
            int jbEnd = Math.min(colEnd, jb + NC);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int p1 = Math.min(k, p0 + KC);
                int nb = jbEnd - jb;
                for (int p = p0; p < p1; p++) {
                    System.arraycopy(bd, b.panelOffset(jb) + p * ldb, buf, (p - p0) * nb, nb);
                }
                for (int j0 = jb; j0 < jbEnd; j0 += NR) {
                    int w = Math.min(NR, jbEnd - j0);
                    panelBlock(rows, a, aOffset, lda, buf, j0 - jb, nb, w, p0, p1, c, cOffset + j0, ldc,
                            accumulate || p0 > 0);
                }
            }
        }
    }

    /** Values of {@code C} per block of {@link #fewRows} over all its rows (32 KB: they stay in L1). */
    private static final int FEW_ROWS_VALUES = 8192;

    /**
     * {@code rows < MR} rows of {@code C} on a {@link PackedMatrix#view}: per block of columns, each
     * row of {@code B} is read once, contiguously, and added into every row of {@code C}
     * ({@code c[i, j] += a[i, p] * b[p, j]}), so that a matrix-vector product streams {@code B} in
     * its stored order.
     */
    private static void fewRows(int rows, float[] a, int aOffset, int lda, PackedMatrix b, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate) {
        float[] bd = b.flatData();
        int k = b.rows();
        int ldb = b.panelStride(0);
        int base = b.panelOffset(0);
        int columns = Math.max(L, FEW_ROWS_VALUES / rows / L * L);
        for (int j0 = colBegin; j0 < colEnd; j0 += columns) {
            int j1 = Math.min(colEnd, j0 + columns);
            if (!accumulate) {
                for (int i = 0; i < rows; i++) {
                    java.util.Arrays.fill(c, cOffset + i * ldc + j0, cOffset + i * ldc + j1, 0f);
                }
            }
            int vectorEnd = j0 + (j1 - j0) / L * L;
            int p = 0;
            // four rows of B per pass: each block of C is loaded and stored once per four products
            for (; p + 4 <= k; p += 4) {
                int b0 = base + p * ldb;
                int b1 = b0 + ldb;
                int b2 = b1 + ldb;
                int b3 = b2 + ldb;
                for (int i = 0; i < rows; i++) {
                    int ai = aOffset + i * lda + p;
                    float a0 = a[ai];
                    float a1 = a[ai + 1];
                    float a2 = a[ai + 2];
                    float a3 = a[ai + 3];
                    FloatVector v0 = FloatVector.broadcast(S, a0);
                    FloatVector v1 = FloatVector.broadcast(S, a1);
                    FloatVector v2 = FloatVector.broadcast(S, a2);
                    FloatVector v3 = FloatVector.broadcast(S, a3);
                    int ci = cOffset + i * ldc;
                    int j = j0;
                    for (; j < vectorEnd; j += L) {
                        FloatVector acc = FloatVector.fromArray(S, c, ci + j);
                        acc = FloatVector.fromArray(S, bd, b0 + j).fma(v0, acc);
                        acc = FloatVector.fromArray(S, bd, b1 + j).fma(v1, acc);
                        acc = FloatVector.fromArray(S, bd, b2 + j).fma(v2, acc);
                        acc = FloatVector.fromArray(S, bd, b3 + j).fma(v3, acc);
                        acc.intoArray(c, ci + j);
                    }
                    for (; j < j1; j++) {
                        float sum = Math.fma(a0, bd[b0 + j], c[ci + j]);
                        sum = Math.fma(a1, bd[b1 + j], sum);
                        sum = Math.fma(a2, bd[b2 + j], sum);
                        c[ci + j] = Math.fma(a3, bd[b3 + j], sum);
                    }
                }
            }
            for (; p < k; p++) {
                int bp = base + p * ldb;
                for (int i = 0; i < rows; i++) {
                    float av = a[aOffset + i * lda + p];
                    FloatVector va = FloatVector.broadcast(S, av);
                    int ci = cOffset + i * ldc;
                    int j = j0;
                    for (; j < vectorEnd; j += L) {
                        FloatVector.fromArray(S, bd, bp + j).fma(va, FloatVector.fromArray(S, c, ci + j))
                                .intoArray(c, ci + j);
                    }
                    for (; j < j1; j++) {
                        c[ci + j] = Math.fma(av, bd[bp + j], c[ci + j]);
                    }
                }
            }
        }
    }

    @Override
    public boolean readsTaps() {
        return true;
    }

    @Override
    public void multiplyTaps(int rows, float[] a, int[] rowOffsets, int rowOffsetsFrom, int[] taps, int tapLength,
            PackedMatrix packed, int colBegin, int colEnd, float[] c, int cOffset, int ldc, boolean accumulate) {
        multiplyTaps(rows, a, rowOffsets, rowOffsetsFrom, taps, tapLength, packed, colBegin, colEnd, c, cOffset, ldc,
                accumulate, null);
    }

    @Override
    public void multiplyTaps(int rows, float[] a, int[] rowOffsets, int rowOffsetsFrom, int[] taps, int tapLength,
            PackedMatrix packed, int colBegin, int colEnd, float[] c, int cOffset, int ldc, boolean accumulate,
            Epilogue epilogue) {
        PackedMatrix b = packed.toFlat();
        if (b.isView()) {
            // a weight matrix read in place (see pack): gathered rows, then the view's product
            Sgemm.super.multiplyTaps(rows, a, rowOffsets, rowOffsetsFrom, taps, tapLength, packed, colBegin, colEnd, c,
                    cOffset, ldc, accumulate);
            if (epilogue != null) {
                epilogue.apply(c, cOffset, ldc, rows, colBegin, Math.min(colEnd, b.cols()));
            }
            return;
        }
        float[] bd = b.flatData();
        int k = b.rows();
        if (k != taps.length * tapLength) {
            throw new IllegalArgumentException("B has " + k + " rows, taps cover " + taps.length * tapLength);
        }
        int pw = b.panelWidth();
        int tapsPerBlock = Math.max(1, KC / Math.max(1, tapLength));
        int[] gather = null;
        if (tapLength < SHORT_TAP && taps.length > 1) {
            gather = new int[k];
            for (int t = 0; t < taps.length; t++) {
                for (int q = 0; q < tapLength; q++) {
                    gather[t * tapLength + q] = taps[t] + q;
                }
            }
        }
        for (int j0 = colBegin; j0 < colEnd; j0 += pw) {
            int w = Math.min(pw, b.cols() - j0);
            int panel = b.panelOffset(j0);
            if (k == 0 && !accumulate) {
                for (int i = 0; i < rows; i++) {
                    java.util.Arrays.fill(c, cOffset + i * ldc + j0, cOffset + i * ldc + j0 + w, 0f);
                }
            }
            for (int t0 = 0; t0 < taps.length; t0 += tapsPerBlock) {
                int t1 = Math.min(taps.length, t0 + tapsPerBlock);
                boolean load = accumulate || t0 > 0;
                int bo = panel + t0 * tapLength * w;
                // the block stored next read at an even pace over the 12-row passes, as in panelBlock
                int calls = rows / (2 * MR) * (t1 - t0);
                int length = (t1 - t0) * tapLength * w;
                int next = bo + length;
                int step = calls == 0 || tapLength == 0 ? 0 : Math.max(1, (length + calls - 1) / calls / tapLength);
                boolean fits = bd.length >= TOUCH_MIN && (long) next + (long) calls * tapLength * step <= bd.length;
                int jj = 0;
                for (; jj + NR <= w; jj += NR) {
                    int call = 0;
                    for (int i = 0, h; i < rows; i += h) {
                        h = tileRows(rows - i);
                        int ro = rowOffsetsFrom + i;
                        int ci = cOffset + i * ldc + j0 + jj;
                        if (h >= 2 * MR && gather != null) {
                            // the gather kernel has no 13-row form: it takes 12, the one-row kernel the last
                            gather12x2(a, rowOffsets, ro, gather, t0 * tapLength, t1 * tapLength, bd, bo + jj, w, c, ci,
                                    ldc, load);
                            h = 2 * MR;
                            continue;
                        }
                        for (int t = t0; t < t1; t++) {
                            int bt = bo + (t - t0) * tapLength * w + jj;
                            boolean lt = load || t > t0;
                            switch (h) {
                                case 2 * MR, 2 * MR + 1 -> {
                                    boolean touches = fits && jj == 0;
                                    int touch = touches ? next + call * tapLength * step : bo;
                                    int touchStep = touches ? step : 0;
                                    if (h == 2 * MR) {
                                        taps12x2(a, rowOffsets, ro, taps[t], tapLength, bd, bt, w, c, ci, ldc, lt, touch,
                                                touchStep);
                                    } else {
                                        taps13x2(a, rowOffsets, ro, taps[t], tapLength, bd, bt, w, c, ci, ldc, lt, touch,
                                                touchStep);
                                    }
                                    call++;
                                }
                                case MR -> taps6x2(a, rowOffsets, ro, taps[t], tapLength, bd, bt, w, c, ci, ldc, lt);
                                case 5 -> taps5x2(a, rowOffsets, ro, taps[t], tapLength, bd, bt, w, c, ci, ldc, lt);
                                case 4 -> taps4x2(a, rowOffsets, ro, taps[t], tapLength, bd, bt, w, c, ci, ldc, lt);
                                default -> taps1x2(a, rowOffsets, ro, taps[t], tapLength, bd, bt, w, c, ci, ldc, lt);
                            }
                        }
                    }
                }
                for (; jj + L <= w; jj += L) {
                    for (int i = 0; i < rows; i++) {
                        for (int t = t0; t < t1; t++) {
                            taps1x1(a, rowOffsets, rowOffsetsFrom + i, taps[t], tapLength, bd,
                                    bo + (t - t0) * tapLength * w + jj, w, c, cOffset + i * ldc + j0 + jj, ldc,
                                    load || t > t0);
                        }
                    }
                }
                for (; jj < w; jj++) {
                    for (int i = 0; i < rows; i++) {
                        int ci = cOffset + i * ldc + j0 + jj;
                        float s = load ? c[ci] : 0f;
                        int bt = bo + jj;
                        for (int t = t0; t < t1; t++, bt += tapLength * w) {
                            int at = rowOffsets[rowOffsetsFrom + i] + taps[t];
                            for (int q = 0; q < tapLength; q++) {
                                s = Math.fma(a[at + q], bd[bt + q * w], s);
                            }
                        }
                        c[ci] = s;
                    }
                }
            }
            if (epilogue != null) {
                finish(epilogue, rows, j0, w, c, cOffset + j0, ldc);
            }
        }
    }

    /**
     * 12 rows x 2 vectors of C for {@link #multiplyTaps}; one kernel tap, {@code bo}: its panel offset.
     * Also reads {@code bd[touch + q * touchStep]} for every {@code q} (see {@link #panelBlock}).
     */
    private static void taps12x2(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load, int touch, int touchStep) {
        float touched = 0f;
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c50 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc) : FloatVector.zero(S);
        FloatVector c51 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c60 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc) : FloatVector.zero(S);
        FloatVector c61 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c70 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc) : FloatVector.zero(S);
        FloatVector c71 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c80 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc) : FloatVector.zero(S);
        FloatVector c81 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c90 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc) : FloatVector.zero(S);
        FloatVector c91 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c100 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc) : FloatVector.zero(S);
        FloatVector c101 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c110 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc) : FloatVector.zero(S);
        FloatVector c111 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc + 1 * L) : FloatVector.zero(S);
        int r0 = rowOffsets[ro + 0];
        int r1 = rowOffsets[ro + 1];
        int r2 = rowOffsets[ro + 2];
        int r3 = rowOffsets[ro + 3];
        int r4 = rowOffsets[ro + 4];
        int r5 = rowOffsets[ro + 5];
        int r6 = rowOffsets[ro + 6];
        int r7 = rowOffsets[ro + 7];
        int r8 = rowOffsets[ro + 8];
        int r9 = rowOffsets[ro + 9];
        int r10 = rowOffsets[ro + 10];
        int r11 = rowOffsets[ro + 11];
        int a0 = r0 + tap;
        int a1 = r1 + tap;
        int a2 = r2 + tap;
        int a3 = r3 + tap;
        int a4 = r4 + tap;
        int a5 = r5 + tap;
        int a6 = r6 + tap;
        int a7 = r7 + tap;
        int a8 = r8 + tap;
        int a9 = r9 + tap;
        int a10 = r10 + tap;
        int a11 = r11 + tap;
        // one loop, every index linear in q (C2 hoists the bounds checks; nested loops here made it box the vectors)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            touched += bd[touch + q * touchStep];
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + q]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + q]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + q]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
            FloatVector x8 = FloatVector.broadcast(S, a[a8 + q]);
            c80 = b0.fma(x8, c80);
            c81 = b1.fma(x8, c81);
            FloatVector x9 = FloatVector.broadcast(S, a[a9 + q]);
            c90 = b0.fma(x9, c90);
            c91 = b1.fma(x9, c91);
            FloatVector x10 = FloatVector.broadcast(S, a[a10 + q]);
            c100 = b0.fma(x10, c100);
            c101 = b1.fma(x10, c101);
            FloatVector x11 = FloatVector.broadcast(S, a[a11 + q]);
            c110 = b0.fma(x11, c110);
            c111 = b1.fma(x11, c111);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + 1 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + 1 * L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + 1 * L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + 1 * L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + 1 * L);
        c80.intoArray(c, ci + 8 * ldc);
        c81.intoArray(c, ci + 8 * ldc + 1 * L);
        c90.intoArray(c, ci + 9 * ldc);
        c91.intoArray(c, ci + 9 * ldc + 1 * L);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + 1 * L);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + 1 * L);
        sink = touched;
    }

    /**
     * 13 rows x 2 vectors of C for {@link #multiplyTaps}, as {@link #taps12x2}: the last 12-row tile and
     * the row after it (see {@link #tileRows}); one kernel tap, {@code bo}: its panel offset. A copy of
     * {@code taps12x2} with one row more, on purpose (see {@link #tile13}).
     * Also reads {@code bd[touch + q * touchStep]} for every {@code q} (see {@link #panelBlock}).
     */
    private static void taps13x2(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load, int touch, int touchStep) {
        float touched = 0f;
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c50 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc) : FloatVector.zero(S);
        FloatVector c51 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c60 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc) : FloatVector.zero(S);
        FloatVector c61 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c70 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc) : FloatVector.zero(S);
        FloatVector c71 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c80 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc) : FloatVector.zero(S);
        FloatVector c81 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c90 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc) : FloatVector.zero(S);
        FloatVector c91 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c100 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc) : FloatVector.zero(S);
        FloatVector c101 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c110 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc) : FloatVector.zero(S);
        FloatVector c111 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c120 = load ? FloatVector.fromArray(S, c, ci + 12 * ldc) : FloatVector.zero(S);
        FloatVector c121 = load ? FloatVector.fromArray(S, c, ci + 12 * ldc + 1 * L) : FloatVector.zero(S);
        int r0 = rowOffsets[ro + 0];
        int r1 = rowOffsets[ro + 1];
        int r2 = rowOffsets[ro + 2];
        int r3 = rowOffsets[ro + 3];
        int r4 = rowOffsets[ro + 4];
        int r5 = rowOffsets[ro + 5];
        int r6 = rowOffsets[ro + 6];
        int r7 = rowOffsets[ro + 7];
        int r8 = rowOffsets[ro + 8];
        int r9 = rowOffsets[ro + 9];
        int r10 = rowOffsets[ro + 10];
        int r11 = rowOffsets[ro + 11];
        int a0 = r0 + tap;
        int a1 = r1 + tap;
        int a2 = r2 + tap;
        int a3 = r3 + tap;
        int a4 = r4 + tap;
        int a5 = r5 + tap;
        int a6 = r6 + tap;
        int a7 = r7 + tap;
        int a8 = r8 + tap;
        int a9 = r9 + tap;
        int a10 = r10 + tap;
        int a11 = r11 + tap;
        int a12 = rowOffsets[ro + 12] + tap;
        // one loop, every index linear in q (C2 hoists the bounds checks; nested loops here made it box the vectors)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            touched += bd[touch + q * touchStep];
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + q]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[a6 + q]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[a7 + q]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
            FloatVector x8 = FloatVector.broadcast(S, a[a8 + q]);
            c80 = b0.fma(x8, c80);
            c81 = b1.fma(x8, c81);
            FloatVector x9 = FloatVector.broadcast(S, a[a9 + q]);
            c90 = b0.fma(x9, c90);
            c91 = b1.fma(x9, c91);
            FloatVector x10 = FloatVector.broadcast(S, a[a10 + q]);
            c100 = b0.fma(x10, c100);
            c101 = b1.fma(x10, c101);
            FloatVector x11 = FloatVector.broadcast(S, a[a11 + q]);
            c110 = b0.fma(x11, c110);
            c111 = b1.fma(x11, c111);
            FloatVector x12 = FloatVector.broadcast(S, a[a12 + q]);
            c120 = b0.fma(x12, c120);
            c121 = b1.fma(x12, c121);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + 1 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + 1 * L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + 1 * L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + 1 * L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + 1 * L);
        c80.intoArray(c, ci + 8 * ldc);
        c81.intoArray(c, ci + 8 * ldc + 1 * L);
        c90.intoArray(c, ci + 9 * ldc);
        c91.intoArray(c, ci + 9 * ldc + 1 * L);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + 1 * L);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + 1 * L);
        c120.intoArray(c, ci + 12 * ldc);
        c121.intoArray(c, ci + 12 * ldc + 1 * L);
        sink = touched;
    }

    /** 6 rows x 2 vectors of C for {@link #multiplyTaps}; one kernel tap, {@code bo}: its panel offset. */
    private static void taps6x2(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c50 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc) : FloatVector.zero(S);
        FloatVector c51 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + 1 * L) : FloatVector.zero(S);
        int r0 = rowOffsets[ro + 0];
        int r1 = rowOffsets[ro + 1];
        int r2 = rowOffsets[ro + 2];
        int r3 = rowOffsets[ro + 3];
        int r4 = rowOffsets[ro + 4];
        int r5 = rowOffsets[ro + 5];
        int a0 = r0 + tap;
        int a1 = r1 + tap;
        int a2 = r2 + tap;
        int a3 = r3 + tap;
        int a4 = r4 + tap;
        int a5 = r5 + tap;
        // one loop, every index linear in q (C2 hoists the bounds checks; nested loops here made it box the vectors)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + q]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + 1 * L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + 1 * L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + 1 * L);
    }

    /** 5 rows x 2 vectors of C for {@link #multiplyTaps} (see {@link #tileRows}); one kernel tap, {@code bo}: its panel offset. */
    private static void taps5x2(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + L) : FloatVector.zero(S);
        int a0 = rowOffsets[ro + 0] + tap;
        int a1 = rowOffsets[ro + 1] + tap;
        int a2 = rowOffsets[ro + 2] + tap;
        int a3 = rowOffsets[ro + 3] + tap;
        int a4 = rowOffsets[ro + 4] + tap;
        // one loop, every index linear in q (as in taps6x2)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
    }

    /** 4 rows x 2 vectors of C for {@link #multiplyTaps} (see {@link #tileRows}); one kernel tap, {@code bo}: its panel offset. */
    private static void taps4x2(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : FloatVector.zero(S);
        int a0 = rowOffsets[ro + 0] + tap;
        int a1 = rowOffsets[ro + 1] + tap;
        int a2 = rowOffsets[ro + 2] + tap;
        int a3 = rowOffsets[ro + 3] + tap;
        // one loop, every index linear in q (as in taps6x2)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    /** 1 row x 2 vectors of C for {@link #multiplyTaps}; one kernel tap, {@code bo}: its panel offset. */
    private static void taps1x2(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L) : FloatVector.zero(S);
        int r0 = rowOffsets[ro + 0];
        int a0 = r0 + tap;
        // one loop, every index linear in q (C2 hoists the bounds checks; nested loops here made it box the vectors)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + 1 * L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + 1 * L);
    }

    /** 1 row x 1 vector of C for {@link #multiplyTaps}; one kernel tap, {@code bo}: its panel offset. */
    private static void taps1x1(float[] a, int[] rowOffsets, int ro, int tap, int tapLength, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        int r0 = rowOffsets[ro + 0];
        int a0 = r0 + tap;
        // one loop, every index linear in q (C2 hoists the bounds checks; nested loops here made it box the vectors)
        for (int q = 0; q < tapLength; q++) {
            int b = bo + q * w;
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x0, c00);
        }
        c00.intoArray(c, ci + 0 * ldc);
    }

    /**
     * 12 rows x 2 vectors of C for {@link #multiplyTaps} with short taps: one loop over the reduction
     * indices {@code [u0, u1)} of several taps, where index {@code u} reads {@code a[rowOffset + gather[u]]}
     * and B row {@code u} at {@code bd[bo + (u - u0) * w]}, so that the tile stays in registers across the
     * taps (one load and store of C per block instead of one per tap).
     */
    private static void gather12x2(float[] a, int[] rowOffsets, int ro, int[] gather, int u0, int u1, float[] bd,
            int bo, int w, float[] c, int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c50 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c51 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c60 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c61 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c70 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c71 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c80 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c81 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c90 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c91 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c100 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c101 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc + 1 * L) : FloatVector.zero(S);
        FloatVector c110 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc + 0 * L) : FloatVector.zero(S);
        FloatVector c111 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc + 1 * L) : FloatVector.zero(S);
        int r0 = rowOffsets[ro + 0];
        int r1 = rowOffsets[ro + 1];
        int r2 = rowOffsets[ro + 2];
        int r3 = rowOffsets[ro + 3];
        int r4 = rowOffsets[ro + 4];
        int r5 = rowOffsets[ro + 5];
        int r6 = rowOffsets[ro + 6];
        int r7 = rowOffsets[ro + 7];
        int r8 = rowOffsets[ro + 8];
        int r9 = rowOffsets[ro + 9];
        int r10 = rowOffsets[ro + 10];
        int r11 = rowOffsets[ro + 11];
        int bb = bo - u0 * w;
        for (int u = u0; u < u1; u++) {
            int o = gather[u];
            int b = bb + u * w;
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[r0 + o]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[r1 + o]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[r2 + o]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[r3 + o]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[r4 + o]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[r5 + o]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[r6 + o]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[r7 + o]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
            FloatVector x8 = FloatVector.broadcast(S, a[r8 + o]);
            c80 = b0.fma(x8, c80);
            c81 = b1.fma(x8, c81);
            FloatVector x9 = FloatVector.broadcast(S, a[r9 + o]);
            c90 = b0.fma(x9, c90);
            c91 = b1.fma(x9, c91);
            FloatVector x10 = FloatVector.broadcast(S, a[r10 + o]);
            c100 = b0.fma(x10, c100);
            c101 = b1.fma(x10, c101);
            FloatVector x11 = FloatVector.broadcast(S, a[r11 + o]);
            c110 = b0.fma(x11, c110);
            c111 = b1.fma(x11, c111);
        }
        c00.intoArray(c, ci + 0 * ldc + 0 * L);
        c01.intoArray(c, ci + 0 * ldc + 1 * L);
        c10.intoArray(c, ci + 1 * ldc + 0 * L);
        c11.intoArray(c, ci + 1 * ldc + 1 * L);
        c20.intoArray(c, ci + 2 * ldc + 0 * L);
        c21.intoArray(c, ci + 2 * ldc + 1 * L);
        c30.intoArray(c, ci + 3 * ldc + 0 * L);
        c31.intoArray(c, ci + 3 * ldc + 1 * L);
        c40.intoArray(c, ci + 4 * ldc + 0 * L);
        c41.intoArray(c, ci + 4 * ldc + 1 * L);
        c50.intoArray(c, ci + 5 * ldc + 0 * L);
        c51.intoArray(c, ci + 5 * ldc + 1 * L);
        c60.intoArray(c, ci + 6 * ldc + 0 * L);
        c61.intoArray(c, ci + 6 * ldc + 1 * L);
        c70.intoArray(c, ci + 7 * ldc + 0 * L);
        c71.intoArray(c, ci + 7 * ldc + 1 * L);
        c80.intoArray(c, ci + 8 * ldc + 0 * L);
        c81.intoArray(c, ci + 8 * ldc + 1 * L);
        c90.intoArray(c, ci + 9 * ldc + 0 * L);
        c91.intoArray(c, ci + 9 * ldc + 1 * L);
        c100.intoArray(c, ci + 10 * ldc + 0 * L);
        c101.intoArray(c, ci + 10 * ldc + 1 * L);
        c110.intoArray(c, ci + 11 * ldc + 0 * L);
        c111.intoArray(c, ci + 11 * ldc + 1 * L);
    }

    /** Taps shorter than this run through {@link #gather12x2}, several taps per loop. */
    private static final int SHORT_TAP = 64;

    /** Keeps the reads of {@code tile12}'s prefetch stream alive (never read). */
    private static float sink;
    /**
     * Packed matrices from this many floats (1 MB) on read the next block ahead ({@link #panelBlock}):
     * smaller ones stay in L2 from one block of rows to the next.
     */
    private static final int TOUCH_MIN = 1 << 18;

    /**
     * 12 rows x 2 vectors of C (24 accumulators of the 32 AVX-512 registers); {@code bo} as in {@link #tile6}.
     * Also reads {@code bd[touch + (p - p0) * touchStep]} for every {@code p} (see {@link #panelBlock}).
     */
    private static void tile12(float[] a, int ai, int lda, float[] bd, int bo, int w, int p0, int p1, float[] c,
            int ci, int ldc, boolean load, int touch, int touchStep) {
        float touched = 0f;
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + L) : FloatVector.zero(S);
        FloatVector c50 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc) : FloatVector.zero(S);
        FloatVector c51 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + L) : FloatVector.zero(S);
        FloatVector c60 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc) : FloatVector.zero(S);
        FloatVector c61 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc + L) : FloatVector.zero(S);
        FloatVector c70 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc) : FloatVector.zero(S);
        FloatVector c71 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc + L) : FloatVector.zero(S);
        FloatVector c80 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc) : FloatVector.zero(S);
        FloatVector c81 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc + L) : FloatVector.zero(S);
        FloatVector c90 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc) : FloatVector.zero(S);
        FloatVector c91 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc + L) : FloatVector.zero(S);
        FloatVector c100 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc) : FloatVector.zero(S);
        FloatVector c101 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc + L) : FloatVector.zero(S);
        FloatVector c110 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc) : FloatVector.zero(S);
        FloatVector c111 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc + L) : FloatVector.zero(S);
        int bb = bo - p0 * w;
        int tb = touch - p0 * touchStep;
        for (int p = p0; p < p1; p++) {
            // the B index linear in p, so that C2 hoists the bounds checks
            int b = bb + p * w;
            touched += bd[tb + p * touchStep];
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai + 0 * lda + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + 1 * lda + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[ai + 4 * lda + p]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[ai + 5 * lda + p]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[ai + 6 * lda + p]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[ai + 7 * lda + p]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
            FloatVector x8 = FloatVector.broadcast(S, a[ai + 8 * lda + p]);
            c80 = b0.fma(x8, c80);
            c81 = b1.fma(x8, c81);
            FloatVector x9 = FloatVector.broadcast(S, a[ai + 9 * lda + p]);
            c90 = b0.fma(x9, c90);
            c91 = b1.fma(x9, c91);
            FloatVector x10 = FloatVector.broadcast(S, a[ai + 10 * lda + p]);
            c100 = b0.fma(x10, c100);
            c101 = b1.fma(x10, c101);
            FloatVector x11 = FloatVector.broadcast(S, a[ai + 11 * lda + p]);
            c110 = b0.fma(x11, c110);
            c111 = b1.fma(x11, c111);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
        c80.intoArray(c, ci + 8 * ldc);
        c81.intoArray(c, ci + 8 * ldc + L);
        c90.intoArray(c, ci + 9 * ldc);
        c91.intoArray(c, ci + 9 * ldc + L);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + L);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + L);
        sink = touched;
    }

    /**
     * 13 rows x 2 vectors of C (26 accumulators), as {@link #tile12}: the last 12-row tile and the row
     * after it (see {@link #tileRows}). A copy of {@code tile12} with one row more, on purpose: one method
     * for both, its 13th row under a flag, made JDK 17's C2 keep the tile in memory (ResNet50 72 -> 102 ms).
     */
    private static void tile13(float[] a, int ai, int lda, float[] bd, int bo, int w, int p0, int p1, float[] c,
            int ci, int ldc, boolean load, int touch, int touchStep) {
        float touched = 0f;
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + L) : FloatVector.zero(S);
        FloatVector c50 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc) : FloatVector.zero(S);
        FloatVector c51 = load ? FloatVector.fromArray(S, c, ci + 5 * ldc + L) : FloatVector.zero(S);
        FloatVector c60 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc) : FloatVector.zero(S);
        FloatVector c61 = load ? FloatVector.fromArray(S, c, ci + 6 * ldc + L) : FloatVector.zero(S);
        FloatVector c70 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc) : FloatVector.zero(S);
        FloatVector c71 = load ? FloatVector.fromArray(S, c, ci + 7 * ldc + L) : FloatVector.zero(S);
        FloatVector c80 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc) : FloatVector.zero(S);
        FloatVector c81 = load ? FloatVector.fromArray(S, c, ci + 8 * ldc + L) : FloatVector.zero(S);
        FloatVector c90 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc) : FloatVector.zero(S);
        FloatVector c91 = load ? FloatVector.fromArray(S, c, ci + 9 * ldc + L) : FloatVector.zero(S);
        FloatVector c100 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc) : FloatVector.zero(S);
        FloatVector c101 = load ? FloatVector.fromArray(S, c, ci + 10 * ldc + L) : FloatVector.zero(S);
        FloatVector c110 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc) : FloatVector.zero(S);
        FloatVector c111 = load ? FloatVector.fromArray(S, c, ci + 11 * ldc + L) : FloatVector.zero(S);
        FloatVector c120 = load ? FloatVector.fromArray(S, c, ci + 12 * ldc) : FloatVector.zero(S);
        FloatVector c121 = load ? FloatVector.fromArray(S, c, ci + 12 * ldc + L) : FloatVector.zero(S);
        int bb = bo - p0 * w;
        int tb = touch - p0 * touchStep;
        for (int p = p0; p < p1; p++) {
            // the B index linear in p, so that C2 hoists the bounds checks
            int b = bb + p * w;
            touched += bd[tb + p * touchStep];
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[ai + 0 * lda + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[ai + 1 * lda + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[ai + 2 * lda + p]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[ai + 3 * lda + p]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[ai + 4 * lda + p]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[ai + 5 * lda + p]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
            FloatVector x6 = FloatVector.broadcast(S, a[ai + 6 * lda + p]);
            c60 = b0.fma(x6, c60);
            c61 = b1.fma(x6, c61);
            FloatVector x7 = FloatVector.broadcast(S, a[ai + 7 * lda + p]);
            c70 = b0.fma(x7, c70);
            c71 = b1.fma(x7, c71);
            FloatVector x8 = FloatVector.broadcast(S, a[ai + 8 * lda + p]);
            c80 = b0.fma(x8, c80);
            c81 = b1.fma(x8, c81);
            FloatVector x9 = FloatVector.broadcast(S, a[ai + 9 * lda + p]);
            c90 = b0.fma(x9, c90);
            c91 = b1.fma(x9, c91);
            FloatVector x10 = FloatVector.broadcast(S, a[ai + 10 * lda + p]);
            c100 = b0.fma(x10, c100);
            c101 = b1.fma(x10, c101);
            FloatVector x11 = FloatVector.broadcast(S, a[ai + 11 * lda + p]);
            c110 = b0.fma(x11, c110);
            c111 = b1.fma(x11, c111);
            FloatVector x12 = FloatVector.broadcast(S, a[ai + 12 * lda + p]);
            c120 = b0.fma(x12, c120);
            c121 = b1.fma(x12, c121);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + L);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + L);
        c80.intoArray(c, ci + 8 * ldc);
        c81.intoArray(c, ci + 8 * ldc + L);
        c90.intoArray(c, ci + 9 * ldc);
        c91.intoArray(c, ci + 9 * ldc + L);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + L);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + L);
        c120.intoArray(c, ci + 12 * ldc);
        c121.intoArray(c, ci + 12 * ldc + L);
        sink = touched;
    }

    /** 6 rows x 2 vectors of C; {@code bo} is the panel offset of row {@code p0} at this tile's columns. */
    private static void tile6(float[] a, int ai, int lda, float[] bd, int bo, int w, int p0, int p1, float[] c,
            int ci, int ldc, boolean load) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        if (load) {
            c00 = FloatVector.fromArray(S, c, ci);
            c01 = FloatVector.fromArray(S, c, ci + L);
            c10 = FloatVector.fromArray(S, c, ci + ldc);
            c11 = FloatVector.fromArray(S, c, ci + ldc + L);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + L);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + L);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + L);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + L);
        } else {
            c00 = FloatVector.zero(S);
            c01 = c00;
            c10 = c00;
            c11 = c00;
            c20 = c00;
            c21 = c00;
            c30 = c00;
            c31 = c00;
            c40 = c00;
            c41 = c00;
            c50 = c00;
            c51 = c00;
        }
        int a0 = ai;
        int a1 = ai + lda;
        int a2 = ai + 2 * lda;
        int a3 = ai + 3 * lda;
        int a4 = ai + 4 * lda;
        int a5 = ai + 5 * lda;
        int b = bo;
        for (int p = p0; p < p1; p++, b += w) {
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
            FloatVector x5 = FloatVector.broadcast(S, a[a5 + p]);
            c50 = b0.fma(x5, c50);
            c51 = b1.fma(x5, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
    }

    /** 5 rows x 2 vectors of C (see {@link #tileRows}); {@code bo} is the panel offset of row {@code p0} at this tile's columns. */
    private static void tile5(float[] a, int ai, int lda, float[] bd, int bo, int w, int p0, int p1, float[] c,
            int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : FloatVector.zero(S);
        FloatVector c40 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc) : FloatVector.zero(S);
        FloatVector c41 = load ? FloatVector.fromArray(S, c, ci + 4 * ldc + L) : FloatVector.zero(S);
        int a0 = ai + 0 * lda;
        int a1 = ai + 1 * lda;
        int a2 = ai + 2 * lda;
        int a3 = ai + 3 * lda;
        int a4 = ai + 4 * lda;
        int b = bo;
        for (int p = p0; p < p1; p++, b += w) {
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
            FloatVector x4 = FloatVector.broadcast(S, a[a4 + p]);
            c40 = b0.fma(x4, c40);
            c41 = b1.fma(x4, c41);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
    }

    /** 4 rows x 2 vectors of C (see {@link #tileRows}); {@code bo} is the panel offset of row {@code p0} at this tile's columns. */
    private static void tile4(float[] a, int ai, int lda, float[] bd, int bo, int w, int p0, int p1, float[] c,
            int ci, int ldc, boolean load) {
        FloatVector c00 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc) : FloatVector.zero(S);
        FloatVector c01 = load ? FloatVector.fromArray(S, c, ci + 0 * ldc + L) : FloatVector.zero(S);
        FloatVector c10 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc) : FloatVector.zero(S);
        FloatVector c11 = load ? FloatVector.fromArray(S, c, ci + 1 * ldc + L) : FloatVector.zero(S);
        FloatVector c20 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc) : FloatVector.zero(S);
        FloatVector c21 = load ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : FloatVector.zero(S);
        FloatVector c30 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc) : FloatVector.zero(S);
        FloatVector c31 = load ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : FloatVector.zero(S);
        int a0 = ai + 0 * lda;
        int a1 = ai + 1 * lda;
        int a2 = ai + 2 * lda;
        int a3 = ai + 3 * lda;
        int b = bo;
        for (int p = p0; p < p1; p++, b += w) {
            FloatVector b0 = FloatVector.fromArray(S, bd, b);
            FloatVector b1 = FloatVector.fromArray(S, bd, b + L);
            FloatVector x0 = FloatVector.broadcast(S, a[a0 + p]);
            c00 = b0.fma(x0, c00);
            c01 = b1.fma(x0, c01);
            FloatVector x1 = FloatVector.broadcast(S, a[a1 + p]);
            c10 = b0.fma(x1, c10);
            c11 = b1.fma(x1, c11);
            FloatVector x2 = FloatVector.broadcast(S, a[a2 + p]);
            c20 = b0.fma(x2, c20);
            c21 = b1.fma(x2, c21);
            FloatVector x3 = FloatVector.broadcast(S, a[a3 + p]);
            c30 = b0.fma(x3, c30);
            c31 = b1.fma(x3, c31);
        }
        c00.intoArray(c, ci + 0 * ldc);
        c01.intoArray(c, ci + 0 * ldc + L);
        c10.intoArray(c, ci + 1 * ldc);
        c11.intoArray(c, ci + 1 * ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
    }

    /** 1 row x 2 vectors of C. */
    private static void row2(float[] a, int ai, float[] bd, int bo, int w, int p0, int p1, float[] c, int ci,
            boolean load) {
        FloatVector c0 = load ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
        FloatVector c1 = load ? FloatVector.fromArray(S, c, ci + L) : FloatVector.zero(S);
        int b = bo;
        for (int p = p0; p < p1; p++, b += w) {
            FloatVector x = FloatVector.broadcast(S, a[ai + p]);
            c0 = FloatVector.fromArray(S, bd, b).fma(x, c0);
            c1 = FloatVector.fromArray(S, bd, b + L).fma(x, c1);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
    }

    /** 1 row x 1 vector of C. */
    private static void row1(float[] a, int ai, float[] bd, int bo, int w, int p0, int p1, float[] c, int ci,
            boolean load) {
        FloatVector c0 = load ? FloatVector.fromArray(S, c, ci) : FloatVector.zero(S);
        int b = bo;
        for (int p = p0; p < p1; p++, b += w) {
            c0 = FloatVector.fromArray(S, bd, b).fma(FloatVector.broadcast(S, a[ai + p]), c0);
        }
        c0.intoArray(c, ci);
    }

    /** Columns {@code [j, w)} of one row of a panel, without vectors (the panel's ragged end). */
    private static void scalar(float[] a, int ai, float[] bd, int bo, int w, int ldb, int j, int p0, int p1,
            float[] c, int ci, boolean load) {
        for (int jj = j; jj < w; jj++) {
            float s = load ? c[ci + jj] : 0f;
            int b = bo + jj;
            for (int p = p0; p < p1; p++, b += ldb) {
                s = Math.fma(a[ai + p], bd[b], s);
            }
            c[ci + jj] = s;
        }
    }
}
