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
     * For {@code i} in {@code [0, rows)} and {@code j} in {@code [colBegin, colEnd)}:
     * <pre>c[cOffset + i*ldc + j] = (accumulate ? c[...] : 0) + sum_p a[aOffset + i*lda + p] * B[p, j]</pre>
     * where {@code p} runs over {@code [0, b.rows())}. Columns outside the range are not touched.
     *
     * @param colBegin a multiple of {@code b.panelWidth()}
     * @param colEnd   a multiple of {@code b.panelWidth()} or {@code b.cols()}
     */
    void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix b, int colBegin, int colEnd, float[] c,
            int cOffset, int ldc, boolean accumulate);
}
