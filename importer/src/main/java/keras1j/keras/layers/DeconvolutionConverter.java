package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.tensor.Tensor;

/**
 * Deconvolution2D as a {@link ConvTranspose} with the layer's {@code output_shape} (batch taken from
 * the input). W {@code th (nb_filter, in, rows, cols)}, {@code tf (rows, cols, in, nb_filter)} with
 * {@code nb_filter} the output channels. TensorFlow ({@code conv2d_transpose}): {@code same} drops
 * {@code max(0, (in-1)*s + k - out)/2} leading elements of the full output, {@code valid} none.
 * Theano ({@code AbstractConv2d_gradInputs} with filter flip): kernel flipped, leading drop
 * {@code k/2} ({@code same}), 0 ({@code valid}) or {@code k-1} ({@code full}). Both backends require
 * the forward convolution of {@code output_shape} to give the input size
 * ({@link PaddingRules#deconvForward}). On Theano an even kernel with {@code same} is followed by
 * Keras' crop to {@code ceil(in/s)}: supported where that crop keeps all of {@code output_shape}
 * (stride 1, where Theano requires {@code output_shape = in - 1}), rejected where it would return
 * fewer values than the layer declares.
 */
final class DeconvolutionConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Deconvolution2D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.requireRank(ctx.single(inputs), 4);
        DimOrdering ordering = ctx.dimOrdering();
        int nbFilter = ConvSupport.positive(cfg, "nb_filter", cfg.requiredInt("nb_filter"));
        int[] kernel = {ConvSupport.positive(cfg, "nb_row", cfg.requiredInt("nb_row")),
                ConvSupport.positive(cfg, "nb_col", cfg.requiredInt("nb_col"))};
        int[] strides = ConvSupport.positive(cfg, "subsample", cfg.optionalInts("subsample", 2, 1, 1));
        String mode = ConvSupport.borderMode(cfg, ctx.backend(), "valid", "same", "full");
        boolean bias = cfg.optionalBoolean("bias", true);
        int[] outputShape = cfg.requiredShape("output_shape");
        if (outputShape.length != 4) {
            throw cfg.invalid("output_shape", "4 entries (batch, ...)", cfg.json().get("output_shape"));
        }
        int[] spatialAxes = Layouts.spatialAxes(4, ordering);
        int[] outSize = {outputShape[spatialAxes[0]], outputShape[spatialAxes[1]]};
        int outChannels = outputShape[Layouts.channelAxis(4, ordering)];
        if (outSize[0] < 1 || outSize[1] < 1) {
            throw cfg.invalid("output_shape", "positive spatial sizes", cfg.json().get("output_shape"));
        }
        if (outChannels != -1 && outChannels != nbFilter) {
            throw cfg.invalid("output_shape has " + outChannels + " channels but nb_filter is " + nbFilter);
        }

        int[] layout = Layouts.channelsLast(4, ordering);
        String x = ctx.valueIn(in, layout);
        int[] xShape = ctx.shapeOf(x).dims();
        int cin = xShape[3];

        int[] padsBegin = new int[2];
        String backendName = ctx.backend() == Backend.THEANO ? "Theano" : "TensorFlow";
        for (int i = 0; i < 2; i++) {
            int n = xShape[i + 1];
            int forward = PaddingRules.deconvForward(ctx.backend(), mode, outSize[i], kernel[i], strides[i]);
            if (forward != n) {
                throw cfg.invalid("output_shape " + LayerWeights.tuple(outputShape).replace("-1", "None")
                        + " does not fit the input: a '" + mode + "' convolution of size " + outSize[i]
                        + " with stride " + strides[i] + " gives " + forward + ", the input has " + n + " ("
                        + backendName + " rejects it)");
            }
            int kept = PaddingRules.deconvKept(ctx.backend(), mode, n, outSize[i], kernel[i], strides[i]);
            if (kept != outSize[i]) {
                throw cfg.unsupported("border_mode", mode, "with the even kernel size " + kernel[i]
                        + " on the Theano backend Keras 1.2.2 crops the output to ceil(" + n + "/" + strides[i]
                        + ") = " + kept + ", fewer than the " + outSize[i] + " of output_shape "
                        + LayerWeights.tuple(outputShape).replace("-1", "None")
                        + " (the layer's declared shape and its values disagree)");
            }
            padsBegin[i] = PaddingRules.deconvBegin(ctx.backend(), mode, n, outSize[i], kernel[i], strides[i]);
        }

        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("W", "b");
        } else {
            w.expect("W");
        }
        Tensor k = ordering == DimOrdering.TH
                ? Layouts.transpose(w.get(0, nbFilter, cin, kernel[0], kernel[1]), 2, 3, 1, 0)
                : w.get(0, kernel[0], kernel[1], cin, nbFilter);
        if (ctx.backend() == Backend.THEANO) {
            k = ConvSupport.flipSpatial(k, 2);
        }
        float[] b = bias ? ConvSupport.bias(w.get(1, nbFilter)) : null;
        String y = ctx.add("deconv", new ConvTranspose(k, b, strides, padsBegin, outSize), x);
        return List.of(Activations.apply(ctx, ctx.tensor(y, layout)));
    }
}
