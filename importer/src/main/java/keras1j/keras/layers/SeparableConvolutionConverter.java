package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.tensor.Tensor;

/**
 * SeparableConvolution2D (TensorFlow backend only in Keras 1.2.2) as a depthwise grouped
 * {@link Conv} ({@code groups = in}, strides and padding of the layer) followed by a 1x1 {@link Conv}
 * with the bias, as {@code tf.nn.separable_conv2d} computes it. Weights: depthwise
 * {@code tf (rows, cols, in, depth_multiplier)} / {@code th (depth_multiplier, in, rows, cols)},
 * pointwise {@code tf (1, 1, in*dm, nb_filter)} / {@code th (nb_filter, in*dm, 1, 1)}, bias; depthwise
 * output channel {@code c*depth_multiplier + m}.
 */
final class SeparableConvolutionConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("SeparableConvolution2D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        if (ctx.backend() == Backend.THEANO) {
            throw cfg.unsupported("Keras 1.2.2 implements SeparableConvolution2D only on the TensorFlow backend");
        }
        KerasTensor in = ctx.requireRank(ctx.single(inputs), 4);
        DimOrdering ordering = ctx.dimOrdering();
        int nbFilter = ConvSupport.positive(cfg, "nb_filter", cfg.requiredInt("nb_filter"));
        int[] kernel = {ConvSupport.positive(cfg, "nb_row", cfg.requiredInt("nb_row")),
                ConvSupport.positive(cfg, "nb_col", cfg.requiredInt("nb_col"))};
        int[] strides = ConvSupport.positive(cfg, "subsample", cfg.optionalInts("subsample", 2, 1, 1));
        int dm = ConvSupport.positive(cfg, "depth_multiplier", cfg.optionalInt("depth_multiplier", 1));
        String mode = ConvSupport.borderMode(cfg, ctx.backend(), "valid", "same");
        boolean bias = cfg.optionalBoolean("bias", true);

        int[] layout = Layouts.channelsLast(4, ordering);
        String x = ctx.valueIn(in, layout);
        int[] xShape = ctx.shapeOf(x).dims();
        int cin = xShape[3];

        int channels = keras1j.runtime.ir.Dims.mul("depthwise kernel", "input channels * depth_multiplier", cin, dm);
        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("depthwise_kernel", "pointwise_kernel", "b");
        } else {
            w.expect("depthwise_kernel", "pointwise_kernel");
        }
        Tensor depthwise;
        Tensor pointwise;
        if (ordering == DimOrdering.TH) {
            depthwise = Layouts.transpose(w.get(0, dm, cin, kernel[0], kernel[1]), 2, 3, 1, 0);
            pointwise = Layouts.transpose(w.get(1, nbFilter, channels, 1, 1), 2, 3, 1, 0);
        } else {
            depthwise = w.get(0, kernel[0], kernel[1], cin, dm);
            pointwise = w.get(1, 1, 1, channels, nbFilter);
        }
        float[] b = bias ? ConvSupport.bias(w.get(2, nbFilter)) : null;

        ConvSupport.WindowPads pads = ConvSupport.convPads(cfg, ctx.backend(), mode, ConvSupport.spatialDims(xShape),
                kernel, strides, ConvSupport.ones(2));
        Tensor dwKernel = depthwise.reshape(kernel[0], kernel[1], 1, channels);
        String d = ctx.add("depthwise", new Conv(dwKernel, null, strides, ConvSupport.ones(2), pads.begin(),
                pads.end(), cin), x);
        String y = ctx.add("pointwise", new Conv(pointwise, b, ConvSupport.ones(2), ConvSupport.ones(2),
                new int[2], new int[2], 1), d);
        return List.of(Activations.apply(ctx, ctx.tensor(y, layout)));
    }
}
