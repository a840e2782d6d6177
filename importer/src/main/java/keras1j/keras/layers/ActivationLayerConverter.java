package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.tensor.Tensor;

/**
 * Activation layers: {@code Activation} (by name, see {@link Activations}), {@code LeakyReLU}
 * ({@code alpha}, default 0.3), {@code ELU} ({@code alpha}, default 1) and {@code PReLU} (learned
 * {@code alphas} of the input's sample shape, or of that shape with 1 on the axes given to Keras 1.2.2's
 * {@code shared_axes}, which the saved configuration does not record but the saved alphas show).
 * All keep the input layout.
 */
final class ActivationLayerConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Activation", "LeakyReLU", "ELU", "PReLU");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.single(inputs);
        switch (cfg.className()) {
            case "Activation":
                ctx.weights().expect();
                return List.of(Activations.apply(ctx, in, "activation", cfg.requiredString("activation")));
            case "LeakyReLU": {
                ctx.weights().expect();
                float alpha = (float) cfg.optionalDouble("alpha", 0.3);
                String y = ctx.add("leakyrelu", new Activation(ActivationKind.LEAKY_RELU, alpha), in.value());
                return List.of(ctx.tensor(y, in.perm()));
            }
            case "ELU": {
                ctx.weights().expect();
                float alpha = (float) cfg.optionalDouble("alpha", 1.0);
                String y = ctx.add("elu", new Activation(ActivationKind.ELU, alpha), in.value());
                return List.of(ctx.tensor(y, in.perm()));
            }
            default: {
                ctx.weights().expect("alphas");
                int[] sample = in.shape().sampleDims();
                Tensor alphas = ctx.weights().get(0, alphasShape(ctx.weights(), sample));
                alphas = Layouts.broadcast(alphas, sample);
                // alphas follow the Keras layout; the value may be held transposed
                int[] perm = in.perm();
                int[] samplePerm = new int[perm.length - 1];
                for (int i = 1; i < perm.length; i++) {
                    samplePerm[i - 1] = perm[i] - 1;
                }
                String y = ctx.add("prelu", new PRelu(Layouts.transpose(alphas, samplePerm)), in.value());
                return List.of(ctx.tensor(y, in.perm()));
            }
        }
    }

    /**
     * The saved shape of PReLU's alphas: the input's sample shape, or (Keras 1.2.2 {@code shared_axes},
     * which its configuration does not record) that shape with 1 on the shared axes.
     */
    private static int[] alphasShape(LayerWeights w, int[] sample) {
        int[] saved = w.storedShape(0).orElse(sample);
        if (saved.length != sample.length) {
            return sample;
        }
        for (int i = 0; i < sample.length; i++) {
            if (saved[i] != sample[i] && saved[i] != 1) {
                return sample;
            }
        }
        return saved;
    }
}
