package keras1j.keras.layers;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Softmax;

/**
 * Keras 1.2.2 activation functions by name, appended after a layer's main op. Element-wise ones keep
 * the input layout; {@code softmax} works on the last Keras axis and, as in Keras 1.2.2, only on 2D
 * or 3D tensors. Stateless.
 */
public final class Activations {
    private Activations() {
    }

    /** Applies the layer's {@code activation} field (absent or {@code linear}: nothing). */
    public static KerasTensor apply(LayerContext ctx, KerasTensor x) {
        return apply(ctx, x, "activation", ctx.config().optionalString("activation", "linear"));
    }

    /**
     * Applies activation {@code name} (read from field {@code key}, for messages) to {@code x}.
     *
     * @throws keras1j.errors.UnsupportedFeatureException for an unknown activation or a softmax on a
     *         tensor that is not 2D or 3D
     */
    public static KerasTensor apply(LayerContext ctx, KerasTensor x, String key, String name) {
        ActivationKind kind;
        switch (name) {
            case "linear":
                return x;
            case "relu":
                kind = ActivationKind.RELU;
                break;
            case "tanh":
                kind = ActivationKind.TANH;
                break;
            case "sigmoid":
                kind = ActivationKind.SIGMOID;
                break;
            case "hard_sigmoid":
                kind = ActivationKind.HARD_SIGMOID;
                break;
            case "softplus":
                kind = ActivationKind.SOFTPLUS;
                break;
            case "softsign":
                kind = ActivationKind.SOFTSIGN;
                break;
            case "elu":
                return elementwise(ctx, x, new Activation(ActivationKind.ELU, 1f), "elu");
            case "softmax":
                if (x.rank() != 2 && x.rank() != 3) {
                    throw ctx.config().unsupported(key, name, "Keras 1.2.2 applies softmax only to 2D or 3D tensors, "
                            + "the input has shape " + x.shape());
                }
                String v = ctx.add("softmax", new Softmax(x.irAxis(-1)), x.value());
                return ctx.tensor(v, x.perm());
            default:
                throw ctx.config().unsupported(key, name, "unknown Keras 1.2.2 activation");
        }
        return elementwise(ctx, x, Activation.of(kind), name);
    }

    private static KerasTensor elementwise(LayerContext ctx, KerasTensor x, Activation op, String label) {
        String v = ctx.add(label, op, x.value());
        return ctx.tensor(v, x.perm());
    }
}
