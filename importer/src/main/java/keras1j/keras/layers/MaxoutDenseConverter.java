package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.tensor.Tensor;

/**
 * Keras 1.2.2 {@code MaxoutDense} on 2D inputs: {@code max_k (x W[k] + b[k])} with {@code W
 * (nb_feature, input_dim, output_dim)} and {@code b (nb_feature, output_dim)}: one {@link Dense} per
 * piece and an element-wise maximum.
 */
final class MaxoutDenseConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("MaxoutDense");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.requireRank(ctx.single(inputs), 2);
        int out = ConvSupport.positive(cfg, "output_dim", cfg.requiredInt("output_dim"));
        int pieces = ConvSupport.positive(cfg, "nb_feature", cfg.optionalInt("nb_feature", 4));
        boolean bias = cfg.optionalBoolean("bias", true);
        int n = in.shape().dim(1);
        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("W", "b");
        } else {
            w.expect("W");
        }
        Tensor kernel = w.get(0, pieces, n, out);
        Tensor b = bias ? w.get(1, pieces, out) : null;
        String x = ctx.logical(in);
        String[] values = new String[pieces];
        for (int k = 0; k < pieces; k++) {
            float[] wk = java.util.Arrays.copyOfRange(kernel.data(), k * n * out, (k + 1) * n * out);
            float[] bk = b == null ? null : java.util.Arrays.copyOfRange(b.data(), k * out, (k + 1) * out);
            values[k] = ctx.add("piece", new Dense(Tensor.of(wk, n, out), bk), x);
        }
        String y = pieces == 1 ? values[0] : ctx.add("maxout", new Elementwise(ElementwiseKind.MAX), values);
        return List.of(ctx.logicalTensor(y));
    }
}
