package keras1j.runtime.kernel;

/**
 * A direct convolution prepared for one {@link DirectConvShape} and kernel (from
 * {@link KernelSet#directConv}): no im2col, no change of layout, the weights rearranged once.
 * Immutable; thread-safe.
 */
public interface DirectConv {
    /**
     * Output rows {@code [r0, r1)} (rows count {@code (batch, oz, oy)} lines over the whole batch):
     * {@code out[r * o2 * cout + ox * cout + co] = bias[co] + sum_taps x[...] * kernel[tap * cout + co]},
     * {@code x} in the shape's input layout.
     */
    void rows(float[] x, float[] out, int r0, int r1);
}
