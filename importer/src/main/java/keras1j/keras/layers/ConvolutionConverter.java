package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.tensor.Tensor;

/**
 * Convolution1D, AtrousConvolution1D, Convolution2D, AtrousConvolution2D and Convolution3D as one
 * rank-generic {@link Conv}.
 *
 * <p>Kernel layouts: Convolution1D / AtrousConvolution1D {@code (filter_length, 1, input_dim,
 * nb_filter)} (Keras 1.1+) or {@code (nb_filter, input_dim, filter_length, 1)} (Keras 1.0.x), told
 * apart by shape; 2D {@code th (nb_filter, in, rows, cols)}, {@code tf (rows, cols, in, nb_filter)};
 * 3D {@code th (nb_filter, in, k1, k2, k3)}, {@code tf (k1, k2, k3, in, nb_filter)}. On the Theano
 * backend the kernel is flipped spatially (Theano convolutions are true convolutions); the decision
 * follows the backend, not the dim ordering. Padding follows {@link PaddingRules}. On TensorFlow,
 * atrous layers with a rate above 1 need equal rates and unit strides, as Keras 1.2.2 asserts.
 */
final class ConvolutionConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Convolution1D", "AtrousConvolution1D", "Convolution2D", "AtrousConvolution2D",
                "Convolution3D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        String cls = cfg.className();
        int r = cls.endsWith("1D") ? 1 : cls.endsWith("2D") ? 2 : 3;
        boolean atrous = cls.startsWith("Atrous");
        DimOrdering ordering = r == 1 ? DimOrdering.TF : ctx.dimOrdering();
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);

        int nbFilter = ConvSupport.positive(cfg, "nb_filter", cfg.requiredInt("nb_filter"));
        int[] kernel;
        int[] strides;
        int[] dilations = ConvSupport.ones(r);
        switch (r) {
            case 1:
                kernel = new int[] {ConvSupport.positive(cfg, "filter_length", cfg.requiredInt("filter_length"))};
                strides = new int[] {ConvSupport.positive(cfg, "subsample_length", cfg.optionalInt("subsample_length", 1))};
                if (atrous) {
                    dilations[0] = ConvSupport.positive(cfg, "atrous_rate", cfg.optionalInt("atrous_rate", 1));
                }
                break;
            case 2:
                kernel = new int[] {ConvSupport.positive(cfg, "nb_row", cfg.requiredInt("nb_row")),
                        ConvSupport.positive(cfg, "nb_col", cfg.requiredInt("nb_col"))};
                strides = ConvSupport.positive(cfg, "subsample", cfg.optionalInts("subsample", 2, 1, 1));
                if (atrous) {
                    dilations = ConvSupport.positive(cfg, "atrous_rate", cfg.optionalInts("atrous_rate", 2, 1, 1));
                }
                break;
            default:
                kernel = new int[] {ConvSupport.positive(cfg, "kernel_dim1", cfg.requiredInt("kernel_dim1")),
                        ConvSupport.positive(cfg, "kernel_dim2", cfg.requiredInt("kernel_dim2")),
                        ConvSupport.positive(cfg, "kernel_dim3", cfg.requiredInt("kernel_dim3"))};
                strides = ConvSupport.positive(cfg, "subsample", cfg.optionalInts("subsample", 3, 1, 1, 1));
                break;
        }
        String mode = ConvSupport.borderMode(cfg, ctx.backend(), "valid", "same", "full");
        if (atrous && ctx.backend() == Backend.TENSORFLOW) {
            requireTensorflowAtrous(cfg, r, strides, dilations);
        }
        boolean bias = cfg.optionalBoolean("bias", true);

        int[] layout = Layouts.channelsLast(r + 2, ordering);
        String x = ctx.valueIn(in, layout);
        int[] xShape = ctx.shapeOf(x).dims();
        int cin = xShape[r + 1];

        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("W", "b");
        } else {
            w.expect("W");
        }
        Tensor k = irKernel(ctx, w, r, ordering, kernel, cin, nbFilter);
        if (ctx.backend() == Backend.THEANO) {
            k = ConvSupport.flipSpatial(k, r);
        }
        float[] b = bias ? ConvSupport.bias(w.get(1, nbFilter)) : null;

        ConvSupport.WindowPads pads = ConvSupport.convPads(cfg, ctx.backend(), mode, ConvSupport.spatialDims(xShape),
                kernel, strides, dilations);
        String y = ctx.add("conv", new Conv(k, b, strides, dilations, pads.begin(), pads.end(), 1), x);
        return List.of(Activations.apply(ctx, ctx.tensor(y, layout)));
    }

    /**
     * Keras 1.2.2's TensorFlow {@code conv2d} runs a dilated convolution with
     * {@code tf.nn.atrous_conv2d} after asserting one rate for both axes (AtrousConvolution1D passes
     * {@code (rate, rate)}) and strides {@code (1, 1)}; a rate of 1 is an ordinary strided convolution.
     */
    private static void requireTensorflowAtrous(LayerConfig cfg, int r, int[] strides, int[] dilations) {
        String rateKey = "atrous_rate";
        String strideKey = r == 1 ? "subsample_length" : "subsample";
        boolean dilated = false;
        for (int d : dilations) {
            dilated |= d != 1;
        }
        if (!dilated) {
            return;
        }
        if (r == 2 && dilations[0] != dilations[1]) {
            throw cfg.unsupported(rateKey, cfg.json().get(rateKey), "Keras 1.2.2's TensorFlow backend "
                    + "(tf.nn.atrous_conv2d) requires the same rate on both axes");
        }
        for (int s : strides) {
            if (s != 1) {
                throw cfg.unsupported(strideKey, cfg.json().get(strideKey), "Keras 1.2.2's TensorFlow "
                        + "backend runs dilated convolutions with tf.nn.atrous_conv2d, which has no strides");
            }
        }
    }

    /** The saved kernel W as an IR kernel {@code [k1..kr, Cin, Cout]} (not yet flipped). */
    private static Tensor irKernel(LayerContext ctx, LayerWeights w, int r, DimOrdering ordering, int[] kernel,
            int cin, int cout) {
        switch (r) {
            case 1: {
                int[] current = {kernel[0], 1, cin, cout};
                int[] legacy = {cout, cin, kernel[0], 1};
                int[] saved = w.storedShape(0).orElse(current);
                if (java.util.Arrays.equals(saved, legacy) && !java.util.Arrays.equals(saved, current)) {
                    Tensor t = Layouts.transpose(w.get(0, legacy), 2, 3, 1, 0);
                    return t.reshape(kernel[0], cin, cout);
                }
                return w.get(0, current).reshape(kernel[0], cin, cout);
            }
            case 2:
                if (ordering == DimOrdering.TH) {
                    return Layouts.transpose(w.get(0, cout, cin, kernel[0], kernel[1]), 2, 3, 1, 0);
                }
                return w.get(0, kernel[0], kernel[1], cin, cout);
            default:
                if (ordering == DimOrdering.TH) {
                    return Layouts.transpose(w.get(0, cout, cin, kernel[0], kernel[1], kernel[2]), 2, 3, 4, 1, 0);
                }
                return w.get(0, kernel[0], kernel[1], kernel[2], cin, cout);
        }
    }
}
