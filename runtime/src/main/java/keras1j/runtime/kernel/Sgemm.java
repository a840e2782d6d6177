package keras1j.runtime.kernel;

/**
 * Single-precision matrix product {@code C = A x B} with a pre-packed right operand, the one
 * compute primitive behind convolutions and dense layers. Implementations are stateless and
 * thread-safe; parallelism is the caller's business (it splits rows and column panels).
 *
 * <p>Obtain the best implementation for the running JVM from {@link Kernels#sgemm()}.
 */
public interface Sgemm {

    /** Short name for logs and benchmarks, e.g. {@code plain-java}. */
    String name();

    /**
     * Number of columns of {@code B} from which this kernel runs at full speed. A caller with a
     * narrower product and many rows may compute the transposed product instead.
     */
    int efficientColumns();

    /** Packs the row-major {@code k x n} matrix {@code b[offset + p*ld + j]} in this kernel's preferred layout. */
    PackedMatrix pack(float[] b, int offset, int ld, int k, int n);

    /**
     * As {@link #pack} of the whole row-major {@code k x n} matrix {@code b}, which the caller gives
     * away (a weight read only to be packed): a kernel whose layout fits in one array may pack it in
     * place ({@link PackedMatrix#packFlatInPlace}), so that no second copy exists even for a moment. The
     * default packs a copy.
     */
    default PackedMatrix packOwned(float[] b, int k, int n) {
        return pack(b, 0, n, k, n);
    }

    /**
     * Packs {@code count} row-major {@code k x n} matrices in this kernel's layout, matrix {@code e} given
     * by {@code matrix.apply(e)} (which may return the same array, refilled, every time: it is read
     * before the next call). A kernel whose layout is one array per matrix puts them all in one array
     * (one heap object instead of many, see {@link PackedMatrix#packFlatInto}). The default packs each
     * with {@link #pack}.
     */
    default PackedMatrix[] packAll(int count, int k, int n, java.util.function.IntFunction<float[]> matrix) {
        PackedMatrix[] packed = new PackedMatrix[count];
        for (int e = 0; e < count; e++) {
            packed[e] = pack(matrix.apply(e), 0, n, k, n);
        }
        return packed;
    }

    /**
     * For {@code i} in {@code [0, rows)} and {@code j} in {@code [colBegin, colEnd)}:
     * <pre>c[cOffset + i*ldc + j] = (accumulate ? c[...] : 0) + sum_p a[aOffset + i*lda + p] * B[p, j]</pre>
     * where {@code p} runs over {@code [0, b.rows())}. Columns outside the range are not touched.
     *
     * @param colBegin a multiple of {@code b.panelWidth()}
     * @param colEnd   a multiple of {@code b.panelWidth()} or {@code b.cols()}
     */
    void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix b, int colBegin, int colEnd, float[] c,
            int cOffset, int ldc, boolean accumulate);

    /**
     * {@link #multiply} followed by {@code epilogue} (if not null) on the columns computed, applied by
     * kernels that can while each block of the output is still in cache. The default applies it in a
     * pass of plain loops afterwards.
     */
    default void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix b, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate, Epilogue epilogue) {
        multiply(rows, a, aOffset, lda, b, colBegin, colEnd, c, cOffset, ldc, accumulate);
        if (epilogue != null) {
            epilogue.apply(c, cOffset, ldc, rows, colBegin, Math.min(colEnd, b.cols()));
        }
    }

    /**
     * True if {@link #multiplyTaps} reads its operand in place at full speed; false if it gathers
     * the operand into a temporary matrix first (then a caller does better building im2col blocks).
     */
    default boolean readsTaps() {
        return false;
    }

    /**
     * A product whose left operand is read in place through row and kernel-tap offsets (an implicit
     * im2col): for {@code i} in {@code [0, rows)} and {@code j} in {@code [colBegin, colEnd)},
     * <pre>c[cOffset + i*ldc + j] = (accumulate ? c[...] : 0)
     *     + sum_{t, q} a[rowOffsets[rowOffsetsFrom + i] + taps[t] + q] * B[t*tapLength + q, j]</pre>
     * with {@code t < taps.length}, {@code q < tapLength} and {@code b.rows() == taps.length * tapLength}.
     * Every index read must lie in {@code a}. The default gathers the operand and calls {@link #multiply}.
     */
    default void multiplyTaps(int rows, float[] a, int[] rowOffsets, int rowOffsetsFrom, int[] taps, int tapLength,
            PackedMatrix b, int colBegin, int colEnd, float[] c, int cOffset, int ldc, boolean accumulate) {
        int k = b.rows();
        if (k != taps.length * tapLength) {
            throw new IllegalArgumentException("B has " + k + " rows, taps cover " + taps.length * tapLength);
        }
        float[] gathered = new float[Math.multiplyExact(rows, k)];
        for (int i = 0; i < rows; i++) {
            for (int t = 0; t < taps.length; t++) {
                System.arraycopy(a, rowOffsets[rowOffsetsFrom + i] + taps[t], gathered, i * k + t * tapLength,
                        tapLength);
            }
        }
        multiply(rows, gathered, 0, k, b, colBegin, colEnd, c, cOffset, ldc, accumulate);
    }

    /** {@link #multiplyTaps} followed by {@code epilogue} (if not null), as {@link #multiply} with an epilogue does. */
    default void multiplyTaps(int rows, float[] a, int[] rowOffsets, int rowOffsetsFrom, int[] taps, int tapLength,
            PackedMatrix b, int colBegin, int colEnd, float[] c, int cOffset, int ldc, boolean accumulate,
            Epilogue epilogue) {
        multiplyTaps(rows, a, rowOffsets, rowOffsetsFrom, taps, tapLength, b, colBegin, colEnd, c, cOffset, ldc,
                accumulate);
        if (epilogue != null) {
            epilogue.apply(c, cOffset, ldc, rows, colBegin, Math.min(colEnd, b.cols()));
        }
    }
}
