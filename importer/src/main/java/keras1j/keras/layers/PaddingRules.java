package keras1j.keras.layers;

import keras1j.keras.Backend;

/**
 * Where Keras 1.2.2 puts the zeros of {@code border_mode} padding, per backend, as explicit
 * begin/end pads (the only place this knowledge lives). Stateless.
 *
 * <ul>
 * <li>TensorFlow {@code same}: {@code out = ceil(n/s)}, total {@code max(0, (out-1)*s + k_eff - n)},
 * {@code begin = total/2}, the odd zero at the end.</li>
 * <li>Theano {@code same} (convolutions): Theano's {@code half} mode pads {@code k_eff/2} on both
 * sides, windows start at padded index 0, and Keras keeps the first {@code ceil(n/s)} outputs.</li>
 * <li>Theano {@code full}: {@code k_eff - 1} on both sides.</li>
 * <li>Theano {@code same} pooling: pads {@code p-1} (even {@code p}) or {@code p-2} (odd
 * {@code p > 2}) on both sides, ignores the padding, keeps the first {@code ceil(n/s)} outputs.</li>
 * <li>{@code valid}: no padding, {@code out = floor((n - k_eff)/s) + 1}.</li>
 * </ul>
 */
public final class PaddingRules {
    private PaddingRules() {
    }

    /** Pads of one spatial axis and the resulting output size. */
    public record Pads(int begin, int end, int out) {
    }

    /** Effective (dilated) kernel extent. */
    public static int effective(int kernel, int dilation) {
        return (kernel - 1) * dilation + 1;
    }

    /**
     * Convolution padding along one axis.
     *
     * @param borderMode {@code valid}, {@code same} or (Theano) {@code full}
     * @throws IllegalArgumentException for an unknown border mode, {@code full} on TensorFlow or an
     *         input smaller than the window (callers turn these into model errors)
     */
    public static Pads conv(Backend backend, String borderMode, int n, int kernel, int stride, int dilation) {
        int ke = effective(kernel, dilation);
        switch (borderMode) {
            case "valid":
                return fixed(n, ke, stride, 0, 0);
            case "same": {
                int out = ceilDiv(n, stride);
                if (backend == Backend.TENSORFLOW) {
                    return tfSame(n, ke, stride);
                }
                int begin = ke / 2;
                int end = Math.max(0, (out - 1) * stride + ke - n - begin);
                return new Pads(begin, end, out);
            }
            case "full":
                if (backend == Backend.TENSORFLOW) {
                    throw new IllegalArgumentException("border_mode 'full' exists only on the Theano backend");
                }
                return fixed(n, ke, stride, ke - 1, ke - 1);
            default:
                throw new IllegalArgumentException("unknown border_mode '" + borderMode + "'");
        }
    }

    /** Pooling padding along one axis (padding never takes part in a window's result). */
    public static Pads pool(Backend backend, String borderMode, int n, int pool, int stride) {
        switch (borderMode) {
            case "valid":
                return fixed(n, pool, stride, 0, 0);
            case "same": {
                if (backend == Backend.TENSORFLOW) {
                    return tfSame(n, pool, stride);
                }
                int pad = pool > 2 && pool % 2 == 1 ? pool - 2 : Math.max(0, pool - 1);
                int out = ceilDiv(n, stride);
                int end = Math.max(0, (out - 1) * stride + pool - n - pad);
                return new Pads(pad, end, out);
            }
            default:
                throw new IllegalArgumentException("unknown border_mode '" + borderMode + "'");
        }
    }

    /**
     * Elements dropped at the start of a transposed convolution's full output
     * ({@code (in-1)*s + k} long) to produce {@code out} elements.
     *
     * @param in  the input size
     * @param out the requested output size ({@code output_shape})
     */
    public static int deconvBegin(Backend backend, String borderMode, int in, int out, int kernel, int stride) {
        switch (borderMode) {
            case "valid":
                return 0;
            case "same":
                if (backend == Backend.TENSORFLOW) {
                    return Math.max(0, (in - 1) * stride + kernel - out) / 2;
                }
                return kernel / 2;
            case "full":
                if (backend == Backend.TENSORFLOW) {
                    throw new IllegalArgumentException("border_mode 'full' exists only on the Theano backend");
                }
                return kernel - 1;
            default:
                throw new IllegalArgumentException("unknown border_mode '" + borderMode + "'");
        }
    }

    private static Pads tfSame(int n, int ke, int stride) {
        int out = ceilDiv(n, stride);
        int total = Math.max(0, (out - 1) * stride + ke - n);
        int begin = total / 2;
        return new Pads(begin, total - begin, out);
    }

    private static Pads fixed(int n, int ke, int stride, int begin, int end) {
        int padded = n + begin + end;
        if (padded < ke) {
            throw new IllegalArgumentException("input size " + n + " is smaller than the window " + ke);
        }
        return new Pads(begin, end, (padded - ke) / stride + 1);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
