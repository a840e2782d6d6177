package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Standardize;
import keras1j.runtime.tensor.Tensor;

/**
 * BatchNormalization. Weights gamma, beta, running_mean, running_std in every mode.
 * <ul>
 * <li>{@code mode=0}: folded into a {@link ChannelAffine} on {@code axis} mapped through the value's
 * layout, where Keras 1 stores a variance in running_std:
 * {@code y = (x - mean) / sqrt(running_std + epsilon) * gamma + beta}.</li>
 * <li>{@code mode=1} (per sample): Keras 1.2.2 normalizes over the <b>last</b> axis whatever
 * {@code axis} says, with epsilon twice, {@code (x - mean) / (sqrt(var + eps) + eps)}, then
 * {@code gamma * . + beta} broadcast along the last axis: a {@link Standardize} without the batch
 * axis, then a {@link ChannelAffine}.</li>
 * <li>{@code mode=2}: the statistics of the <b>current batch</b>, even at inference (biased variance
 * over every axis but {@code axis}, batch included): {@code (x - mean) / sqrt(var + eps) * gamma + beta};
 * running_mean and running_std are not used. The outputs of a sample depend on the other samples it
 * is evaluated with.</li>
 * </ul>
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
        if (mode < 0 || mode > 2) {
            throw cfg.invalid("mode", "0, 1 or 2", cfg.json().get("mode"));
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
        if (mode != 0) {
            return List.of(normalized(ctx, in, mode, axis, epsilon, gamma, beta));
        }
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

    /** Modes 1 and 2: statistics from the input itself, then gamma and beta. */
    private static KerasTensor normalized(LayerContext ctx, KerasTensor in, int mode, int axis, double epsilon,
            Tensor gamma, Tensor beta) {
        LayerConfig cfg = ctx.config();
        int channelAxis;
        int[] axes;
        if (mode == 1) {
            channelAxis = in.irAxis(-1);
            if (gamma.size() != in.shape().dim(-1)) {
                throw cfg.unsupported("axis", axis, "mode 1 applies gamma and beta (" + gamma.size()
                        + " values, from 'axis') along the last axis (" + in.shape().dim(-1) + "), which Keras 1.2.2 "
                        + "cannot broadcast");
            }
            axes = new int[] {channelAxis};
        } else {
            channelAxis = in.irAxis(axis);
            axes = new int[in.rank() - 1];
            int j = 0;
            for (int a = 0; a < in.rank(); a++) {
                if (a != channelAxis) {
                    axes[j++] = a;
                }
            }
        }
        float eps = (float) epsilon;
        String x = ctx.add(mode == 1 ? "normalize_sample" : "normalize_batch",
                new Standardize(axes, eps, mode == 1 ? eps : 0f), in.value());
        String y = ctx.add("scale", new ChannelAffine(channelAxis, gamma.data().clone(), beta.data().clone()), x);
        return ctx.tensor(y, in.perm());
    }
}
