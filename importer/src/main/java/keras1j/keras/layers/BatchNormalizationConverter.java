package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.tensor.Tensor;

/**
 * BatchNormalization, {@code mode} 0 (the only one with fixed inference statistics), folded into a
 * {@link ChannelAffine} on {@code axis} mapped through the value's layout. Weights gamma, beta,
 * running_mean, running_std, where Keras 1 stores a variance in running_std:
 * {@code y = (x - mean) / sqrt(running_std + epsilon) * gamma + beta}.
 */
final class BatchNormalizationConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("BatchNormalization");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.single(inputs);
        int mode = cfg.optionalInt("mode", 0);
        if (mode != 0) {
            throw cfg.unsupported("mode", mode, "only mode 0 (feature-wise with moving statistics) has fixed "
                    + "inference behaviour");
        }
        int axis = cfg.optionalInt("axis", -1);
        if (axis == 0 || axis >= in.rank() || axis < -in.rank() + 1) {
            throw cfg.invalid("axis", "a non-batch axis of the " + in.rank() + "D input", cfg.json().get("axis"));
        }
        double epsilon = cfg.optionalDouble("epsilon", 1e-3);
        int c = in.shape().dim(axis);
        LayerWeights w = ctx.weights();
        w.expect("gamma", "beta", "running_mean", "running_std");
        Tensor gamma = w.get(0, c);
        Tensor beta = w.get(1, c);
        Tensor mean = w.get(2, c);
        Tensor variance = w.get(3, c);
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int i = 0; i < c; i++) {
            double s = gamma.data()[i] / Math.sqrt(variance.data()[i] + epsilon);
            scale[i] = (float) s;
            shift[i] = (float) (beta.data()[i] - mean.data()[i] * s);
        }
        String y = ctx.add("batchnorm", new ChannelAffine(in.irAxis(axis), scale, shift), in.value());
        return List.of(ctx.tensor(y, in.perm()));
    }
}
