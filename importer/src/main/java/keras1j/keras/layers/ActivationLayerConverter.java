package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.SRelu;
import keras1j.runtime.ir.SampleAffine;
import keras1j.runtime.tensor.Tensor;

/**
 * Activation layers: {@code Activation} (by name, see {@link Activations}), {@code LeakyReLU}
 * ({@code alpha}, default 0.3), {@code ELU} ({@code alpha}, default 1), {@code ThresholdedReLU}
 * ({@code x > theta ? x : 0}, {@code theta} default 1), and the layers with learned per-element
 * parameters: {@code PReLU} ({@code alphas}), {@code ParametricSoftplus}
 * ({@code alphas * softplus(betas * x)}, as two {@link SampleAffine} around a softplus) and
 * {@code SReLU} ({@code t_left, a_left, t_right, a_right}, Keras using {@code t_left + |t_right|} as
 * the right threshold; one {@link SRelu}). Their parameters have the input's sample shape, or that
 * shape with 1 on the axes given to Keras 1.2.2's {@code shared_axes}, which the saved configuration
 * does not record but the saved weights show: shared axes are inferred from the weight shapes and
 * the parameters broadcast. All keep the input layout.
 */
final class ActivationLayerConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Activation", "LeakyReLU", "ELU", "PReLU", "ThresholdedReLU", "ParametricSoftplus", "SReLU");
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
            case "ThresholdedReLU": {
                ctx.weights().expect();
                float theta = (float) cfg.optionalDouble("theta", 1.0);
                String y = ctx.add("thresholdedrelu", new Activation(ActivationKind.THRESHOLDED_RELU, theta), in.value());
                return List.of(ctx.tensor(y, in.perm()));
            }
            case "ParametricSoftplus": {
                ctx.weights().expect("alphas", "betas");
                Tensor alphas = sampleParameter(ctx, in, 0);
                Tensor betas = sampleParameter(ctx, in, 1);
                String scaled = ctx.add("betas", new SampleAffine(betas, null), in.value());
                String soft = ctx.add("softplus", Activation.of(ActivationKind.SOFTPLUS), scaled);
                String y = ctx.add("alphas", new SampleAffine(alphas, null), soft);
                return List.of(ctx.tensor(y, in.perm()));
            }
            case "SReLU": {
                ctx.weights().expect("t_left", "a_left", "t_right", "a_right");
                Tensor tLeft = sampleParameter(ctx, in, 0);
                Tensor aLeft = sampleParameter(ctx, in, 1);
                Tensor tRight = sampleParameter(ctx, in, 2);
                Tensor aRight = sampleParameter(ctx, in, 3);
                float[] actual = new float[tLeft.size()];
                for (int i = 0; i < actual.length; i++) {
                    actual[i] = tLeft.data()[i] + Math.abs(tRight.data()[i]);
                }
                String y = ctx.add("srelu", new SRelu(tLeft, aLeft, Tensor.of(actual, tLeft.shape()), aRight),
                        in.value());
                return List.of(ctx.tensor(y, in.perm()));
            }
            default: {
                ctx.weights().expect("alphas");
                String y = ctx.add("prelu", new PRelu(sampleParameter(ctx, in, 0)), in.value());
                return List.of(ctx.tensor(y, in.perm()));
            }
        }
    }

    /**
     * Per-element weight {@code index} of {@code in}'s layer, broadcast over the shared axes to the
     * sample shape and brought to the layout the value of {@code in} is held in.
     */
    private static Tensor sampleParameter(LayerContext ctx, KerasTensor in, int index) {
        int[] sample = in.shape().sampleDims();
        for (int d : sample) {
            if (d < 1) {
                throw ctx.config().unsupported("input " + in.shape() + " has an open size (None): the layer has one "
                        + "parameter per element");
            }
        }
        Tensor p = ctx.weights().get(index, alphasShape(ctx.weights(), index, sample));
        p = Layouts.broadcast(p, sample);
        // parameters follow the Keras layout; the value may be held transposed
        int[] perm = in.perm();
        int[] samplePerm = new int[perm.length - 1];
        for (int i = 1; i < perm.length; i++) {
            samplePerm[i - 1] = perm[i] - 1;
        }
        return Layouts.transpose(p, samplePerm);
    }

    /**
     * The saved shape of PReLU's alphas: the input's sample shape, or (Keras 1.2.2 {@code shared_axes},
     * which its configuration does not record) that shape with 1 on the shared axes.
     */
    private static int[] alphasShape(LayerWeights w, int index, int[] sample) {
        int[] saved = w.storedShape(index).orElse(sample);
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
