package keras1j.runtime.kernel;

/**
 * Geometry of a direct convolution over a channels-last input already laid out as
 * {@code [batch, l0, l1, l2, cin]} (zero padding, if any, included), seen as 3D (missing leading axes
 * have size, kernel, stride and dilation 1). Output {@code [batch, o0, o1, o2, cout]}; an output row
 * is one {@code (batch, oz, oy)} line of {@code o2 * cout} values. Immutable.
 *
 * @param o0  output size, first spatial axis
 * @param o1  output size, second spatial axis
 * @param o2  output size, last spatial axis
 * @param l0  input layout size, first spatial axis
 * @param l1  input layout size, second spatial axis
 * @param l2  input layout size, last spatial axis
 * @param cin input channels
 * @param cout output channels
 * @param k0  kernel size, first axis
 * @param k1  kernel size, second axis
 * @param k2  kernel size, last axis
 * @param s0  stride, first axis
 * @param s1  stride, second axis
 * @param s2  stride, last axis
 * @param d0  dilation, first axis
 * @param d1  dilation, second axis
 * @param d2  dilation, last axis
 */
public record DirectConvShape(int o0, int o1, int o2, int l0, int l1, int l2, int cin, int cout, int k0, int k1,
        int k2, int s0, int s1, int s2, int d0, int d1, int d2) {

    /** Output rows ({@code (batch, oz, oy)} lines) per sample. */
    public int rowsPerSample() {
        return o0 * o1;
    }

    /** Kernel taps times input channels: the multiply-adds per output value. */
    int taps() {
        return k0 * k1 * k2 * cin;
    }

    /** Offset of output row {@code r}'s first input (its position 0, tap 0) in the input layout. */
    int inputRowBase(int r) {
        int perSample = o0 * o1;
        int b = r / perSample;
        int rem = r - b * perSample;
        int oz = rem / o1;
        int oy = rem - oz * o1;
        return ((b * l0 + oz * s0) * l1 + oy * s1) * l2 * cin;
    }

    /** Per tap {@code (kz, ky, kx, ci)} in kernel order: its input's offset from the position's first input. */
    int[] tapOffsets() {
        int[] t = new int[taps()];
        int i = 0;
        for (int kz = 0; kz < k0; kz++) {
            for (int ky = 0; ky < k1; ky++) {
                for (int kx = 0; kx < k2; kx++) {
                    for (int ci = 0; ci < cin; ci++, i++) {
                        t[i] = ((kz * d0 * l1 + ky * d1) * l2 + kx * d2) * cin + ci;
                    }
                }
            }
        }
        return t;
    }
}
