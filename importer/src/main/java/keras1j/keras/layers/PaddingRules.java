package keras1j.keras.layers;

import keras1j.keras.Backend;
import keras1j.runtime.ir.Dims;

/**
 * Where Keras 1.2.2 puts the zeros of {@code border_mode} padding, per backend, as explicit
 * begin/end pads, and which window configurations its backends accept (the only place this
 * knowledge lives). Stateless.
 *
 * <ul>
 * <li>TensorFlow {@code same}: {@code out = ceil(n/s)}, total {@code max(0, (out-1)*s + k_eff - n)},
 * {@code begin = total/2}, the odd zero at the end.</li>
 * <li>Theano {@code same} (convolutions, 1D/2D/3D): Theano's {@code half} mode pads {@code k_eff/2} on
 * both sides, windows start at padded index 0, and for even kernels Keras keeps the first
 * {@code ceil(n/s)} outputs (for odd kernels Theano itself produces exactly that many).</li>
 * <li>Theano {@code full}: {@code k_eff - 1} on both sides.</li>
 * <li>Theano {@code same} pooling ({@code pool_2d}/{@code pool_3d} with {@code ignore_border=True}):
 * pads {@code p-1} (even {@code p}) or {@code p-2} (odd {@code p}) on both sides, ignores the padding,
 * keeps the first {@code ceil(n/s)} outputs. 1D and 2D pooling ({@code pool2d}) pad 0 for
 * {@code p = 1}; 3D pooling ({@code pool3d}) lacks that case and passes a padding of -1.</li>
 * <li>{@code valid}: no padding, {@code out = floor((n - k_eff)/s) + 1}.</li>
 * <li>Transposed convolutions (Deconvolution2D) are the gradient of the forward convolution of
 * {@code output_shape}, which must give back the input size on both backends; on Theano an even
 * kernel with {@code same} is followed by Keras' crop to {@code ceil(in/s)}.</li>
 * </ul>
 *
 * <p>Methods throw {@link IllegalArgumentException} for configurations that are invalid (callers turn
 * these into model errors) and {@link UnsupportedOperationException} for well-formed ones that
 * Keras 1.2.2 cannot run on the given backend (callers turn these into unsupported-feature errors).
 */
public final class PaddingRules {
    /** Prefix of size errors; the importer adds the layer. */
    private static final String WHERE = "padding rules";

    private PaddingRules() {
    }

    /** Pads of one spatial axis and the resulting output size. */
    public record Pads(int begin, int end, int out) {
    }

    /** Effective (dilated) kernel extent. */
    public static int effective(int kernel, int dilation) {
        return Dims.add(WHERE, "dilated kernel size ((kernel - 1) * rate + 1)", (long) (kernel - 1) * dilation, 1);
    }

    /**
     * Convolution padding along one axis.
     *
     * @param borderMode {@code valid}, {@code same} or (Theano) {@code full}
     * @throws IllegalArgumentException for an unknown border mode or an input smaller than the window
     * @throws UnsupportedOperationException for {@code full} on TensorFlow
     */
    public static Pads conv(Backend backend, String borderMode, int n, int kernel, int stride, int dilation) {
        if (n == keras1j.runtime.ir.Shape.UNKNOWN) {
            return open(borderMode, stride, conv(backend, borderMode, effective(kernel, dilation), kernel, stride,
                    dilation));
        }
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
                long end = Math.max(0, (long) (out - 1) * stride + ke - n - begin);
                return new Pads(begin, Dims.size(end, WHERE, "end padding"), out);
            }
            case "full":
                requireTheano(backend);
                return fixed(n, ke, stride, ke - 1, ke - 1);
            default:
                throw new IllegalArgumentException("unknown border_mode '" + borderMode + "'");
        }
    }

    /** Pooling padding along one axis of a 1D or 2D pooling layer (see {@link #pool(Backend, String, int, int, int, int)}). */
    public static Pads pool(Backend backend, String borderMode, int n, int pool, int stride) {
        return pool(backend, borderMode, 2, n, pool, stride);
    }

    /**
     * Pooling padding along one axis (padding never takes part in a window's result).
     *
     * @param rank the layer's number of spatial axes (1, 2 or 3): Keras 1.2.2 pools 1D and 2D inputs
     *             with {@code pool2d} and 3D inputs with {@code pool3d}, whose Theano padding differ
     * @throws UnsupportedOperationException for Theano {@code same} 3D pooling with a pool size of 1
     */
    public static Pads pool(Backend backend, String borderMode, int rank, int n, int pool, int stride) {
        if (n == keras1j.runtime.ir.Shape.UNKNOWN) {
            return open(borderMode, stride, pool(backend, borderMode, rank, pool, pool, stride));
        }
        switch (borderMode) {
            case "valid":
                return fixed(n, pool, stride, 0, 0);
            case "same": {
                if (backend == Backend.TENSORFLOW) {
                    return tfSame(n, pool, stride);
                }
                int pad;
                if (pool % 2 == 0) {
                    pad = pool - 1;
                } else if (pool > 2) {
                    pad = pool - 2;
                } else if (rank < 3) {
                    pad = 0;
                } else {
                    throw new UnsupportedOperationException("with a pool size of 1, Keras 1.2.2's Theano pool3d "
                            + "passes a padding of -1 to Theano");
                }
                int out = ceilDiv(n, stride);
                long end = Math.max(0, (long) (out - 1) * stride + pool - n - pad);
                return new Pads(pad, Dims.size(end, WHERE, "end padding"), out);
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
                    return Dims.size(Math.max(0, (long) (in - 1) * stride + kernel - out) / 2, WHERE, "begin padding");
                }
                return kernel / 2;
            case "full":
                requireTheano(backend);
                return kernel - 1;
            default:
                throw new IllegalArgumentException("unknown border_mode '" + borderMode + "'");
        }
    }

    /**
     * The size the forward convolution of a transposed convolution's {@code output_shape} entry
     * {@code out} has: TensorFlow's {@code conv2d_transpose} and Theano's
     * {@code AbstractConv2d_gradInputs} both reject an input whose size differs. 0 when {@code out}
     * is smaller than the window.
     */
    public static int deconvForward(Backend backend, String borderMode, int out, int kernel, int stride) {
        if (backend == Backend.TENSORFLOW && "same".equals(borderMode)) {
            return ceilDiv(out, stride);
        }
        int pad = switch (borderMode) {
            case "valid" -> 0;
            case "same" -> kernel / 2;
            case "full" -> {
                requireTheano(backend);
                yield kernel - 1;
            }
            default -> throw new IllegalArgumentException("unknown border_mode '" + borderMode + "'");
        };
        long padded = out + 2L * pad;
        return padded < kernel ? 0 : Dims.size((padded - kernel) / stride + 1, WHERE, "forward output size");
    }

    /**
     * How many of the {@code out} requested elements Keras 1.2.2 returns: on Theano an even kernel
     * with {@code same} is cropped to the first {@code ceil(in/s)} (Keras' convolution post-processing
     * reused by {@code deconv2d}), elsewhere all of them.
     */
    public static int deconvKept(Backend backend, String borderMode, int in, int out, int kernel, int stride) {
        if (backend == Backend.THEANO && "same".equals(borderMode) && kernel % 2 == 0) {
            return Math.min(out, ceilDiv(in, stride));
        }
        return out;
    }

    /**
     * The pads of an open axis ({@link keras1j.runtime.ir.Shape#UNKNOWN}), taken from {@code atWindow}
     * (the pads for an input as long as the window): they do not depend on the size for {@code valid}
     * and {@code full}, nor for {@code same} with stride 1; {@code same} with a larger stride pads by
     * the size, which is unsupported on an open axis.
     */
    private static Pads open(String borderMode, int stride, Pads atWindow) {
        if ("same".equals(borderMode) && stride > 1) {
            throw new UnsupportedOperationException("with a stride of " + stride + ", 'same' pads by the input size, "
                    + "which is open (None); give the input shape (ImportOptions.withInputShape)");
        }
        return new Pads(atWindow.begin(), atWindow.end(), keras1j.runtime.ir.Shape.UNKNOWN);
    }

    private static void requireTheano(Backend backend) {
        if (backend == Backend.TENSORFLOW) {
            throw new UnsupportedOperationException("border_mode 'full' exists only on the Theano backend");
        }
    }

    private static Pads tfSame(int n, int ke, int stride) {
        int out = ceilDiv(n, stride);
        long total = Math.max(0, (long) (out - 1) * stride + ke - n);
        long begin = total / 2;
        return new Pads(Dims.size(begin, WHERE, "begin padding"), Dims.size(total - begin, WHERE, "end padding"), out);
    }

    private static Pads fixed(int n, int ke, int stride, int begin, int end) {
        long padded = (long) n + begin + end;
        if (padded < ke) {
            throw new IllegalArgumentException("input size " + n + " is smaller than the window " + ke);
        }
        return new Pads(begin, end, Dims.size((padded - ke) / stride + 1, WHERE, "output size"));
    }

    static int ceilDiv(int a, int b) {
        return (int) (((long) a + b - 1) / b);
    }
}
