package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.tensor.Tensor;

/**
 * Dense ({@code output_dim}, {@code bias}; W {@code (input_dim, output_dim)}) on the last Keras axis of
 * an input of rank 2 or more, and Keras 1's deprecated TimeDistributedDense (the same weights and
 * computation, for rank-3 inputs only).
 */
final class DenseConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Dense", "TimeDistributedDense");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.single(inputs);
        if (in.rank() < 2) {
            throw cfg.invalid("expects an input of rank >= 2, got shape " + in.shape());
        }
        if (cfg.className().equals("TimeDistributedDense")) {
            ctx.requireRank(in, 3);
        }
        int out = ConvSupport.positive(cfg, "output_dim", cfg.requiredInt("output_dim"));
        boolean bias = cfg.optionalBoolean("bias", true);
        String x = ctx.logical(in);
        int inDim = in.shape().dim(-1);
        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("W", "b");
        } else {
            w.expect("W");
        }
        Tensor kernel = w.get(0, inDim, out);
        float[] b = bias ? ConvSupport.bias(w.get(1, out)) : null;
        String y = ctx.add("dense", new Dense(kernel, b), x);
        return List.of(Activations.apply(ctx, ctx.logicalTensor(y)));
    }
}
