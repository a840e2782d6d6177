package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.tensor.Tensor;

/**
 * Keras 1.2.2 {@code Highway} on 2D inputs: gate {@code t = sigmoid(x W_carry + b_carry)}, output
 * {@code a(x W + b) * t + (1 - t) * x}; weights {@code W, W_carry, b, b_carry} (without bias:
 * {@code W, W_carry}), both {@code (input_dim, input_dim)}. Built from existing ops: the carry
 * {@code 1 - t} is {@code sigmoid(-(x W_carry + b_carry))}, so the layer is three {@link Dense}, two
 * products and a sum.
 */
final class HighwayConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Highway");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.requireRank(ctx.single(inputs), 2);
        int n = in.shape().dim(1);
        boolean bias = cfg.optionalBoolean("bias", true);
        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("W", "W_carry", "b", "b_carry");
        } else {
            w.expect("W", "W_carry");
        }
        Tensor kernel = w.get(0, n, n);
        Tensor carry = w.get(1, n, n);
        float[] b = bias ? ConvSupport.bias(w.get(2, n)) : null;
        float[] bCarry = bias ? ConvSupport.bias(w.get(3, n)) : null;
        String x = ctx.logical(in);
        KerasTensor h = Activations.apply(ctx, ctx.logicalTensor(ctx.add("transform", new Dense(kernel, b), x)));
        String gate = ctx.add("gate", Activation.of(ActivationKind.SIGMOID),
                ctx.add("gate_logits", new Dense(carry, bCarry), x));
        String keep = ctx.add("carry", Activation.of(ActivationKind.SIGMOID),
                ctx.add("carry_logits", new Dense(negate(carry), bCarry == null ? null : negate(bCarry)), x));
        String y = ctx.add("highway", new Elementwise(ElementwiseKind.SUM),
                ctx.add("gated", new Elementwise(ElementwiseKind.PRODUCT), ctx.logical(h), gate),
                ctx.add("carried", new Elementwise(ElementwiseKind.PRODUCT), keep, x));
        return List.of(ctx.logicalTensor(y));
    }

    private static Tensor negate(Tensor t) {
        return Tensor.of(negate(t.data()), t.shape());
    }

    private static float[] negate(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = -v[i];
        }
        return out;
    }
}
