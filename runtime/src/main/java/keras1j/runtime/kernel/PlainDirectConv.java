package keras1j.runtime.kernel;

/**
 * {@link DirectConv} in plain Java: per output position, the channels accumulated over the taps in
 * kernel order. The ragged ends of {@link VectorDirectConv}. Immutable; thread-safe.
 */
final class PlainDirectConv implements DirectConv {
    private final DirectConvShape shape;
    private final float[] kernel;
    private final float[] bias;
    private final int[] offsets;

    PlainDirectConv(DirectConvShape shape, float[] kernel, float[] bias) {
        this.shape = shape;
        this.kernel = kernel.clone();
        this.bias = bias == null ? null : bias.clone();
        this.offsets = shape.tapOffsets();
    }

    @Override
    public void rows(float[] x, float[] out, int r0, int r1) {
        int rowLength = shape.o2() * shape.cout();
        for (int r = r0; r < r1; r++) {
            values(x, out, r, 0, rowLength);
        }
    }

    /** Values {@code [from, to)} of output row {@code r} (indices {@code ox * cout + co} within the row). */
    void values(float[] x, float[] out, int r, int from, int to) {
        int cout = shape.cout();
        int ox = from / cout;
        values(x, shape.inputRowBase(r) + ox * shape.s2() * shape.cin(), out, r * shape.o2() * cout + from,
                to - from, from - ox * cout);
    }

    /**
     * {@code n} consecutive output values from {@code out[o]} within one row, the first one of channel
     * {@code co0} at a position whose first input is {@code x[xa]}.
     */
    void values(float[] x, int xa, float[] out, int o, int n, int co0) {
        int cout = shape.cout();
        int xStep = shape.s2() * shape.cin();
        int co = co0;
        int xp = xa;
        for (int j = 0; j < n; j++) {
            float s = bias == null ? 0f : bias[co];
            for (int t = 0; t < offsets.length; t++) {
                s = Math.fma(x[xp + offsets[t]], kernel[t * cout + co], s);
            }
            out[o + j] = s;
            if (++co == cout) {
                co = 0;
                xp += xStep;
            }
        }
    }
}
