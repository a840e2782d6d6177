package keras1j.runtime.kernel;

import java.util.Objects;

/**
 * The right-hand operand of a matrix product, packed once (typically a layer's weights) into
 * column panels: panel {@code q} holds columns {@code [q*w, min((q+1)*w, n))}, one array per row.
 * Separate row arrays let a kernel index a panel row and its accumulator with the very same loop
 * index, the shape HotSpot's auto-vectorizer needs.
 *
 * <p>Immutable after construction and safe to share between threads (a {@link #wrapRows wrapped}
 * matrix only as long as its owner leaves the rows alone).
 */
public final class PackedMatrix {
    private final int rows;
    private final int cols;
    private final int panelWidth;
    private final float[][] panelRows;

    private PackedMatrix(int rows, int cols, int panelWidth, float[][] panelRows) {
        this.rows = rows;
        this.cols = cols;
        this.panelWidth = panelWidth;
        this.panelRows = panelRows;
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
        return new PackedMatrix(k, n, n, rows);
    }

    /**
     * Packs the row-major {@code k x n} matrix {@code b[offset + p*ld + j]} into panels of
     * {@code panelWidth} columns.
     *
     * @throws IllegalArgumentException on negative sizes or a matrix that does not fit in {@code b}
     */
    public static PackedMatrix pack(float[] b, int offset, int ld, int k, int n, int panelWidth) {
        Objects.requireNonNull(b, "b");
        if (k < 0 || n < 0 || panelWidth < 1 || ld < n || offset < 0
                || (k > 0 && offset + (long) (k - 1) * ld + n > b.length)) {
            throw new IllegalArgumentException("cannot pack a " + k + "x" + n + " matrix (ld " + ld + ", offset "
                    + offset + ", panel width " + panelWidth + ") from " + b.length + " values");
        }
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
        return new PackedMatrix(k, n, panelWidth, panelRows);
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

    /** Row {@code p} of the panel starting at column {@code j0} (a multiple of the panel width). Do not modify. */
    public float[] panelRow(int j0, int p) {
        return panelRows[(j0 / panelWidth) * rows + p];
    }
}
