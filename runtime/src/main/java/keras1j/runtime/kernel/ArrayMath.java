package keras1j.runtime.kernel;

/**
 * Element-wise kernels over float array ranges, vectorized: on the JDK Vector API when the JVM runs
 * with {@code --add-modules jdk.incubator.vector} (its exp, sigmoid and tanh from JDK 21 on), else in
 * plain loops that HotSpot C2 vectorizes (chosen once, like {@link Kernels#sgemm()}). Both compute
 * the transcendental functions alike: float-accurate, not bit-equal to {@link Math}:
 * <ul>
 * <li>{@link #exp}: within 1 ulp for arguments in {@code [-87, 88]} (the shift is subtracted in
 * float first); gradual underflow through the subnormals down to zero below about {@code -104};
 * infinity above about {@code 88.73}; NaN stays NaN;</li>
 * <li>{@link #sigmoid}: {@code 1 / (1 + exp(-x))}, within 3 ulp, relative (tiny probabilities keep
 * their digits);</li>
 * <li>{@link #tanh}: a rational minimax approximation on {@code [-9, 9]} (outside it tanh is within
 * 2e-7 of {@code ±1}), within 1e-6 relative and 4e-7 absolute; odd, so {@code tanh(-0) = -0}.</li>
 * </ul>
 * Ranges of {@code src} and {@code dst} are either identical (in place) or disjoint. Stateless and
 * thread-safe.
 */
public final class ArrayMath {
    private static final MathKernel KERNEL = Kernels.math();

    private ArrayMath() {
    }

    /** {@code dst[i] = tanh(src[i])} for {@code i} in {@code [from, to)}. */
    public static void tanh(float[] src, float[] dst, int from, int to) {
        KERNEL.tanh(src, dst, from, to);
    }

    /**
     * {@code dst[i] = exp(src[i] - shift)} for {@code i} in {@code [from, to)}; returns the sum of
     * the results, within 1e-6 relative (partial sums in float, totals in double).
     */
    public static double exp(float[] src, float[] dst, int from, int to, float shift) {
        return KERNEL.exp(src, dst, from, to, shift);
    }

    /** {@code dst[i] = 1 / (1 + exp(-src[i]))} for {@code i} in {@code [from, to)}. */
    public static void sigmoid(float[] src, float[] dst, int from, int to) {
        KERNEL.sigmoid(src, dst, from, to);
    }

    /**
     * The inner loop of a depthwise convolution, vectorized over channels: for every position
     * {@code p < positions} and channel {@code c < channels},
     * <pre>acc[accOffset + p*channels + c] += sum_{t &lt; taps} x[xOffsets[t] + p*xStride + c] * w[wOffsets[t] + c]</pre>
     * with each sum kept in a register across the taps ({@code acc} disjoint from the others; the
     * multiply-adds may be fused). Only the Vector API kernel vectorizes it ({@link #anyOffsets()});
     * plain-Java callers do better gathering their operands so that one index serves every array.
     */
    public static void multiplyAddTaps(float[] acc, int accOffset, int positions, int channels, float[] x,
            int[] xOffsets, int xStride, float[] w, int[] wOffsets, int taps) {
        KERNEL.multiplyAddTaps(acc, accOffset, positions, channels, x, xOffsets, xStride, w, wOffsets, taps);
    }

    /** True if {@link #multiplyAddTaps} is vectorized (the Vector API kernels). */
    public static boolean anyOffsets() {
        return KERNEL.anyOffsets();
    }
}
