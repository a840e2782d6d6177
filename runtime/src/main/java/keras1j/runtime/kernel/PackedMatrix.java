package keras1j.runtime.kernel;

import java.util.Objects;

/**
 * The right-hand operand of a matrix product, packed once (typically a layer's weights) into
 * column panels: panel {@code q} holds columns {@code [q*w, min((q+1)*w, n))} as a row-major
 * {@code [k, width]} block, so that a kernel streams one panel row after another.
 *
 * <p>Immutable after construction and safe to share between threads.
 */
public final class PackedMatrix {
    private final int rows;
    private final int cols;
    private final int panelWidth;
    private final float[] data;

    private PackedMatrix(int rows, int cols, int panelWidth, float[] data) {
        this.rows = rows;
        this.cols = cols;
        this.panelWidth = panelWidth;
        this.data = data;
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
        float[] packed = new float[Math.multiplyExact(k, n)];
        for (int j0 = 0; j0 < n; j0 += panelWidth) {
            int w = Math.min(panelWidth, n - j0);
            int base = j0 * k;
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, offset + p * ld + j0, packed, base + p * w, w);
            }
        }
        return new PackedMatrix(k, n, panelWidth, packed);
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

    /** Offset in {@link #data()} of the panel that starts at column {@code j0} (a multiple of the panel width). */
    public int panelOffset(int j0) {
        return j0 * rows;
    }

    /** The packed values; kernels read them, nobody writes them. */
    float[] data() {
        return data;
    }

    /** The packed values, for kernels living outside this package. Do not modify. */
    public float[] packedData() {
        return data;
    }
}
