package keras1j.runtime.kernel;

/**
 * Element-wise kernels (transcendental functions, multiply-adds over taps) over float array ranges, one implementation per kind of
 * kernel (see {@link ArrayMath} for the accuracy contract every implementation meets). Ranges of
 * {@code src} and {@code dst} are either identical (in place) or disjoint. Implementations are
 * stateless and thread-safe.
 */
interface MathKernel {

    /** {@code dst[i] = tanh(src[i])} for {@code i} in {@code [from, to)}. */
    void tanh(float[] src, float[] dst, int from, int to);

    /** {@code dst[i] = exp(src[i] - shift)} for {@code i} in {@code [from, to)}; returns the sum of the results. */
    double exp(float[] src, float[] dst, int from, int to, float shift);

    /** {@code dst[i] = 1 / (1 + exp(-src[i]))} for {@code i} in {@code [from, to)}. */
    void sigmoid(float[] src, float[] dst, int from, int to);

    /** See {@link ArrayMath#multiplyAddTaps}. */
    void multiplyAddTaps(float[] acc, int accOffset, int positions, int channels, float[] x, int[] xOffsets,
            int xStride, float[] w, int[] wOffsets, int taps);

    /** {@code acc[accOffset + i] += w * x[xOffset + i]} for {@code i < n} (ranges disjoint or identical). */
    void axpy(float[] acc, int accOffset, float w, float[] x, int xOffset, int n);

    /**
     * {@code out[o*n + i] = (init == null ? 0 : init[o]) + sum_t w[t*outs + o] * x[offsets[t] + i]} for
     * {@code o < outs}, {@code i < n}, {@code t < offsets.length} ({@code out} disjoint from {@code x}).
     */
    void shiftedSums(float[] out, int n, int outs, float[] init, float[] x, int[] offsets, float[] w);

    /**
     * {@code dst[d + p*dStride + c] = (init == null ? 0 : init[i0 + c]) + sum_{q < terms} coef[q] *
     * src[off[q] + p*sStride + c]} for {@code p < count}, {@code c < len} ({@code dst} ranges disjoint from
     * the {@code src} ranges): a linear combination of a few vectors at a line of positions, e.g. one row
     * of a Winograd transform over the channel vectors of a line of tiles, its coefficients set up once.
     */
    void combine(float[] dst, int d, int dStride, int count, int len, float[] src, int[] off, int sStride, float[] coef,
            int terms, float[] init, int i0);

    /**
     * {@code dst[d + j] = Math.max(a[ai + j], b[bi + j])} for {@code j < n} (NaN wins, as in
     * {@code Math.max}); {@code dst}'s range identical to {@code a}'s or disjoint from both.
     */
    void max(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n);

    /** {@code dst[d + j] = a[ai + j] + b[bi + j]} for {@code j < n}; ranges as for {@link #max}. */
    void add(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n);

    /**
     * {@code dst[d + j] = src[off[0] + j] op src[off[1] + j] op ... op src[off[terms-1] + j]} for {@code j < n},
     * left to right, {@code op} {@code Math.max} (if {@code max}) or {@code +}; {@code terms >= 1},
     * {@code dst}'s range disjoint from the {@code src} ranges: a pooling window's columns in one call.
     */
    void reduce(boolean max, float[] src, int[] off, int terms, float[] dst, int d, int n);

    /** True if {@link #multiplyAddTaps} is vectorized (the Vector API kernel). */
    boolean anyOffsets();
}
