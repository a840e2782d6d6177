package keras1j.runtime.kernel;

import java.util.Objects;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.runtime.exec.KernelChoice;

/**
 * One consistent set of compute kernels: an {@link Sgemm} and the element-wise kernels of
 * {@link ArrayMath} (same contract), so that one engine can run entirely on the Vector API kernels or
 * entirely on the plain-Java ones whatever the JVM's default. Immutable and thread-safe.
 */
public final class KernelSet {
    private static final KernelSet PLAIN = new KernelSet(Kernels.plainSgemm(), Kernels.plainMath(), false);
    private static final KernelSet VECTOR = Kernels.vectorSgemm().isEmpty() ? null
            : new KernelSet(Kernels.vectorSgemm().get(), Kernels.vectorMath().orElseThrow(), true);
    private static final KernelSet BEST = VECTOR != null ? VECTOR : PLAIN;

    private final Sgemm sgemm;
    private final MathKernel math;
    /** True for the Vector API kernels. */
    private final boolean vector;

    private KernelSet(Sgemm sgemm, MathKernel math, boolean vector) {
        this.sgemm = Objects.requireNonNull(sgemm, "sgemm");
        this.math = Objects.requireNonNull(math, "math");
        this.vector = vector;
    }

    /**
     * The kernels of {@code choice}.
     *
     * @throws UnsupportedFeatureException for {@link KernelChoice#VECTOR_API} when the JVM lacks the
     *                                     {@code jdk.incubator.vector} module (or the hardware wide vectors)
     */
    public static KernelSet of(KernelChoice choice) {
        return switch (Objects.requireNonNull(choice, "choice")) {
            case BEST -> BEST;
            case PLAIN -> PLAIN;
            case VECTOR_API -> {
                if (VECTOR == null) {
                    throw new UnsupportedFeatureException("the Vector API kernels are not available in this JVM "
                            + "(start it with --add-modules jdk.incubator.vector)");
                }
                yield VECTOR;
            }
        };
    }

    /** The given SGEMM with the element-wise kernels of the same kind (Vector API or plain). */
    public static KernelSet withSgemm(Sgemm sgemm) {
        boolean vector = Kernels.vectorSgemm().isPresent() && Kernels.vectorSgemm().get() == sgemm;
        return new KernelSet(sgemm, vector ? Kernels.vectorMath().orElseThrow() : Kernels.plainMath(), vector);
    }

    /** The matrix product. */
    public Sgemm sgemm() {
        return sgemm;
    }

    /** The SGEMM's name, e.g. {@code plain-java}. */
    public String name() {
        return sgemm.name();
    }

    /** See {@link ArrayMath#tanh}. */
    public void tanh(float[] src, float[] dst, int from, int to) {
        math.tanh(src, dst, from, to);
    }

    /** See {@link ArrayMath#exp}. */
    public double exp(float[] src, float[] dst, int from, int to, float shift) {
        return math.exp(src, dst, from, to, shift);
    }

    /** See {@link ArrayMath#sigmoid}. */
    public void sigmoid(float[] src, float[] dst, int from, int to) {
        math.sigmoid(src, dst, from, to);
    }

    /** See {@link ArrayMath#multiplyAddTaps}. */
    public void multiplyAddTaps(float[] acc, int accOffset, int positions, int channels, float[] x, int[] xOffsets,
            int xStride, float[] w, int[] wOffsets, int taps) {
        math.multiplyAddTaps(acc, accOffset, positions, channels, x, xOffsets, xStride, w, wOffsets, taps);
    }

    /** {@code dst[d + j] = Math.max(a[ai + j], b[bi + j])} for {@code j < n} (NaN wins); {@code dst} identical to {@code a} or disjoint. */
    public void max(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        math.max(a, ai, b, bi, dst, d, n);
    }

    /** {@code dst[d + j] = a[ai + j] + b[bi + j]} for {@code j < n}; {@code dst} identical to {@code a} or disjoint. */
    public void add(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        math.add(a, ai, b, bi, dst, d, n);
    }

    /**
     * {@code dst[d + j] = src[off[0] + j] op ... op src[off[terms-1] + j]} for {@code j < n}, left to right,
     * {@code op} {@code Math.max} (if {@code max}, NaN wins) or {@code +}; {@code terms >= 1}, {@code dst}
     * disjoint from the {@code src} ranges.
     */
    public void reduce(boolean max, float[] src, int[] off, int terms, float[] dst, int d, int n) {
        math.reduce(max, src, off, terms, dst, d, n);
    }

    /** {@code acc[accOffset + i] += w * x[xOffset + i]} for {@code i < n} (ranges disjoint or identical; the multiply-adds may be fused). */
    public void axpy(float[] acc, int accOffset, float w, float[] x, int xOffset, int n) {
        math.axpy(acc, accOffset, w, x, xOffset, n);
    }

    /**
     * {@code out[o*n + i] = (init == null ? 0 : init[o]) + sum_t w[t*outs + o] * x[offsets[t] + i]} for
     * {@code o < outs}, {@code i < n}, {@code t < offsets.length} ({@code out} disjoint from {@code x}):
     * a few-channel convolution over shifted planes.
     */
    public void shiftedSums(float[] out, int n, int outs, float[] init, float[] x, int[] offsets, float[] w) {
        math.shiftedSums(out, n, outs, init, x, offsets, w);
    }

    /**
     * {@code dst[d + p*dStride + c] = (init == null ? 0 : init[i0 + c]) + sum_{q < terms} coef[q] *
     * src[off[q] + p*sStride + c]} for {@code p < count}, {@code c < len} ({@code dst} ranges disjoint from
     * the {@code src} ranges; the multiply-adds may be fused): one row of a Winograd transform over a line
     * of positions' channel vectors.
     */
    public void combine(float[] dst, int d, int dStride, int count, int len, float[] src, int[] off, int sStride,
            float[] coef, int terms, float[] init, int i0) {
        math.combine(dst, d, dStride, count, len, src, off, sStride, coef, terms, init, i0);
    }

    /**
     * A direct convolution for few channels in channels-last layout, prepared for {@code shape} with
     * {@code kernel} ({@code [k0, k1, k2, cin, cout]} row-major) and {@code bias} (or {@code null}); or
     * {@code null} if this kernel set has none for the shape (the plain kernels have none: their
     * few-channel convolution runs over channels-first planes).
     */
    public DirectConv directConv(DirectConvShape shape, float[] kernel, float[] bias) {
        return vector ? VectorDirectConv.prepare(shape, kernel, bias) : null;
    }

    /** See {@link ArrayMath#anyOffsets}. */
    public boolean anyOffsets() {
        return math.anyOffsets();
    }

    @Override
    public String toString() {
        return "KernelSet[" + sgemm.name() + "]";
    }
}
