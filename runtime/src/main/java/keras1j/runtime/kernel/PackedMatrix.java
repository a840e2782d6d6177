package keras1j.runtime.kernel;

import java.util.Objects;

import keras1j.runtime.memory.MemoryBudget;

/**
 * The right-hand operand of a matrix product, packed once (typically a layer's weights) into
 * column panels: panel {@code q} holds columns {@code [q*w, min((q+1)*w, n))} as a row-major
 * {@code [k, width]} block. Two storage layouts exist, each chosen by the kernel that packs:
 * <ul>
 * <li><b>rows</b>: one array per panel row, so that a kernel can index a panel row and its
 * accumulator with the very same loop index (the shape HotSpot's auto-vectorizer needs);</li>
 * <li><b>flat</b>: all panels one after another in one array (what explicit SIMD code prefers);</li>
 * <li><b>view</b>: a flat-layout variant that packs nothing: the caller's row-major matrix itself,
 * read in place ({@link #view}); panel rows are then {@link #panelStride} floats apart instead of a
 * panel's width. Kernels take it for matrices so large that a packed copy would double the memory
 * of a model's weights while buying little speed (such products stream their operand from memory
 * anyway).</li>
 * </ul>
 * {@link #toRows()} and {@link #toFlat()} convert. Immutable after construction and safe to share
 * between threads (a {@link #wrapRows wrapped} matrix only as long as its owner leaves the rows
 * alone).
 */
public final class PackedMatrix {
    private final int rows;
    private final int cols;
    private final int panelWidth;
    private final float[][] panelRows;
    private final float[] flat;
    /** Offset of element (0, 0) in {@link #flat} (a view, or a matrix packed into a shared array); else 0. */
    private final int viewOffset;
    /** For a view: floats between consecutive rows; 0 for a packed matrix. */
    private final int viewLd;

    private PackedMatrix(int rows, int cols, int panelWidth, float[][] panelRows, float[] flat) {
        this(rows, cols, panelWidth, panelRows, flat, 0, 0);
    }

    private PackedMatrix(int rows, int cols, int panelWidth, float[][] panelRows, float[] flat, int viewOffset,
            int viewLd) {
        this.rows = rows;
        this.cols = cols;
        this.panelWidth = panelWidth;
        this.panelRows = panelRows;
        this.flat = flat;
        this.viewOffset = viewOffset;
        this.viewLd = viewLd;
    }

    /**
     * The row-major {@code k x n} matrix {@code b[offset + p*ld + j]} in the flat layout without
     * copying it: panel {@code q} starts at {@code offset + q*panelWidth} and its rows are {@code ld}
     * apart. {@code b} must not change while the matrix is in use (a weight tensor's array, which
     * is immutable by contract, qualifies).
     *
     * @throws IllegalArgumentException on negative sizes or a matrix that does not fit in {@code b}
     */
    public static PackedMatrix view(float[] b, int offset, int ld, int k, int n, int panelWidth) {
        check(b, offset, ld, k, n, panelWidth);
        return new PackedMatrix(k, n, panelWidth, null, b, offset, Math.max(ld, 1));
    }

    /** True for a {@link #view} of the caller's matrix (nothing packed). */
    public boolean isView() {
        return viewLd > 0;
    }

    /**
     * Packs the row-major {@code k x n} matrix {@code b[offset + p*ld + j]} into panels of
     * {@code panelWidth} columns, one array per panel row.
     *
     * @throws IllegalArgumentException on negative sizes or a matrix that does not fit in {@code b}
     */
    public static PackedMatrix packRows(float[] b, int offset, int ld, int k, int n, int panelWidth) {
        check(b, offset, ld, k, n, panelWidth);
        MemoryBudget.take(4L * k * n, "packed weights of " + k + " x " + n);
        int panels = (n + panelWidth - 1) / panelWidth;
        float[][] panelRows = new float[Math.multiplyExact(panels, k)][];
        for (int q = 0; q < panels; q++) {
            int j0 = q * panelWidth;
            int w = Math.min(panelWidth, n - j0);
            for (int p = 0; p < k; p++) {
                float[] row = new float[w];
                System.arraycopy(b, offset + p * ld + j0, row, 0, w);
                panelRows[q * k + p] = row;
            }
        }
        return new PackedMatrix(k, n, panelWidth, panelRows, null);
    }

    /**
     * Packs the row-major {@code k x n} matrix {@code b[offset + p*ld + j]} into panels of
     * {@code panelWidth} columns, all in one array.
     *
     * @throws IllegalArgumentException on negative sizes or a matrix that does not fit in {@code b}
     */
    public static PackedMatrix packFlat(float[] b, int offset, int ld, int k, int n, int panelWidth) {
        check(b, offset, ld, k, n, panelWidth);
        MemoryBudget.take(4L * k * n, "packed weights of " + k + " x " + n);
        float[] flat = new float[Math.multiplyExact(k, n)];
        for (int j0 = 0; j0 < n; j0 += panelWidth) {
            int w = Math.min(panelWidth, n - j0);
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, offset + p * ld + j0, flat, j0 * k + p * w, w);
            }
        }
        return new PackedMatrix(k, n, panelWidth, null, flat);
    }

    /**
     * As {@link #packFlat}, but into {@code dst} from {@code dstOffset} ({@code k * n} values, not
     * counted in the memory budget: the caller allocated {@code dst}), so that several matrices share
     * one array. The JVM gives a large array whole heap regions (G1), so many matrices each just over a
     * region's size would otherwise waste up to half their memory.
     *
     * @throws IllegalArgumentException on negative sizes or a matrix that does not fit in {@code b} or {@code dst}
     */
    public static PackedMatrix packFlatInto(float[] b, int offset, int ld, int k, int n, int panelWidth, float[] dst,
            int dstOffset) {
        check(b, offset, ld, k, n, panelWidth);
        if (dstOffset < 0 || dstOffset + (long) k * n > dst.length) {
            throw new IllegalArgumentException("cannot pack a " + k + "x" + n + " matrix at " + dstOffset + " of "
                    + dst.length + " values");
        }
        for (int j0 = 0; j0 < n; j0 += panelWidth) {
            int w = Math.min(panelWidth, n - j0);
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, offset + p * ld + j0, dst, dstOffset + j0 * k + p * w, w);
            }
        }
        return new PackedMatrix(k, n, panelWidth, null, dst, dstOffset, 0);
    }

    /**
     * As {@link #packFlat} of the whole row-major {@code k x n} matrix {@code b}, but in place: {@code b}'s
     * values are moved into the flat panel layout (following the permutation's cycles), and the matrix
     * keeps {@code b} itself, so that packing needs no second copy. {@code b} must be the caller's to give
     * away (a weight read only for this; not a tensor's array) and is counted by whoever allocated it.
     *
     * @throws IllegalArgumentException on negative sizes or if {@code b} does not hold exactly {@code k * n}
     *                                  values
     */
    public static PackedMatrix packFlatInPlace(float[] b, int k, int n, int panelWidth) {
        check(b, 0, n, k, n, panelWidth);
        if ((long) k * n != b.length) {
            throw new IllegalArgumentException("cannot pack " + b.length + " values in place as a " + k + "x" + n
                    + " matrix");
        }
        if (n > panelWidth) {
            java.util.BitSet done = new java.util.BitSet(b.length);
            for (int start = 0; start < b.length; start++) {
                if (done.get(start)) {
                    continue;
                }
                // carry b[start] to its place, the value found there to its own, until the cycle closes
                float carried = b[start];
                int from = start;
                while (true) {
                    int to = flatIndex(from, k, n, panelWidth);
                    done.set(to);
                    float next = b[to];
                    b[to] = carried;
                    if (to == start) {
                        break;
                    }
                    carried = next;
                    from = to;
                }
            }
        }
        return new PackedMatrix(k, n, panelWidth, null, b);
    }

    /** Where row-major index {@code s} of a {@code k x n} matrix goes in the flat panel layout. */
    private static int flatIndex(int s, int k, int n, int panelWidth) {
        int p = s / n;
        int j = s - p * n;
        int j0 = j / panelWidth * panelWidth;
        int w = Math.min(panelWidth, n - j0);
        return j0 * k + p * w + (j - j0);
    }

    /**
     * A {@code k x n} matrix made of one panel whose row {@code p} is {@code rows[p][0, n)}, without
     * copying: for operands built on the fly (an im2col block). The caller must not change the
     * rows while the matrix is in use.
     *
     * @throws IllegalArgumentException if fewer than {@code k} rows or a row shorter than {@code n}
     */
    public static PackedMatrix wrapRows(float[][] rows, int k, int n) {
        if (k < 0 || n < 1 || rows.length < k) {
            throw new IllegalArgumentException("cannot wrap " + rows.length + " rows as a " + k + "x" + n + " matrix");
        }
        for (int p = 0; p < k; p++) {
            if (rows[p].length < n) {
                throw new IllegalArgumentException("row " + p + " has " + rows[p].length + " values, need " + n);
            }
        }
        return new PackedMatrix(k, n, n, rows, null);
    }

    private static void check(float[] b, int offset, int ld, int k, int n, int panelWidth) {
        Objects.requireNonNull(b, "b");
        if (k < 0 || n < 0 || panelWidth < 1 || ld < n || offset < 0
                || (k > 0 && offset + (long) (k - 1) * ld + n > b.length)) {
            throw new IllegalArgumentException("cannot pack a " + k + "x" + n + " matrix (ld " + ld + ", offset "
                    + offset + ", panel width " + panelWidth + ") from " + b.length + " values");
        }
    }

    /** Number of rows ({@code k}, the reduction length). */
    public int rows() {
        return rows;
    }

    /** Number of columns ({@code n}). */
    public int cols() {
        return cols;
    }

    /** Width of every panel but possibly the last. */
    public int panelWidth() {
        return panelWidth;
    }

    /** True for the one-array-per-row layout ({@link #panelRow}); false for the flat one ({@link #flatData}). */
    public boolean hasRows() {
        return panelRows != null;
    }

    /** Row {@code p} of the panel starting at column {@code j0} (a multiple of the panel width). Do not modify. */
    public float[] panelRow(int j0, int p) {
        return panelRows[(j0 / panelWidth) * rows + p];
    }

    /** All panels one after another, each {@code [k, width]} row-major; null in the rows layout. Do not modify. */
    public float[] flatData() {
        return flat;
    }

    /** Offset in {@link #flatData()} of the panel that starts at column {@code j0}. */
    public int panelOffset(int j0) {
        return viewLd > 0 ? viewOffset + j0 : viewOffset + j0 * rows;
    }

    /**
     * Floats between consecutive rows of the panel that starts at column {@code j0} in
     * {@link #flatData()}: the panel's width when packed, the matrix's row stride for a {@link #view}.
     */
    public int panelStride(int j0) {
        return viewLd > 0 ? viewLd : Math.min(panelWidth, cols - j0);
    }

    /** This matrix in the rows layout (itself if already so). */
    public PackedMatrix toRows() {
        if (hasRows()) {
            return this;
        }
        MemoryBudget.take(4L * rows * cols, "packed weights of " + rows + " x " + cols);
        float[][] r = new float[rows == 0 || cols == 0 ? 0 : ((cols + panelWidth - 1) / panelWidth) * rows][];
        for (int j0 = 0; j0 < cols; j0 += panelWidth) {
            int w = Math.min(panelWidth, cols - j0);
            for (int p = 0; p < rows; p++) {
                float[] row = new float[w];
                System.arraycopy(flat, panelOffset(j0) + p * panelStride(j0), row, 0, w);
                r[(j0 / panelWidth) * rows + p] = row;
            }
        }
        return new PackedMatrix(rows, cols, panelWidth, r, null);
    }

    /** This matrix in the flat layout (itself if already so). */
    public PackedMatrix toFlat() {
        if (!hasRows()) {
            return this;
        }
        MemoryBudget.take(4L * rows * cols, "packed weights of " + rows + " x " + cols);
        float[] f = new float[Math.multiplyExact(rows, cols)];
        for (int j0 = 0; j0 < cols; j0 += panelWidth) {
            int w = Math.min(panelWidth, cols - j0);
            for (int p = 0; p < rows; p++) {
                System.arraycopy(panelRow(j0, p), 0, f, j0 * rows + p * w, w);
            }
        }
        return new PackedMatrix(rows, cols, panelWidth, null, f);
    }
}
