package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.MaskSteps;
import keras1j.runtime.ir.StepMask;

/**
 * Masking ({@code mask_value}, default 0) on a {@code (batch, steps, features)} input: a step is
 * masked when <em>all</em> its features equal {@code mask_value}; masked steps are multiplied by 0
 * (not set to {@code mask_value}) and the output carries the mask.
 */
final class MaskingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Masking");
    }

    @Override
    public boolean handlesMasks() {
        return true;
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        ctx.weights().expect();
        KerasTensor in = ctx.single(inputs);
        if (in.rank() != 3) {
            throw cfg.unsupported("Masking of an input of shape " + in.shape()
                    + " is not supported (only (batch, steps, features))");
        }
        float value = (float) cfg.optionalDouble("mask_value", 0.0);
        String x = ctx.logical(in);
        String mask = ctx.add("mask", new StepMask(value), x);
        String y = ctx.add("masking", new MaskSteps(), x, mask);
        return List.of(ctx.logicalTensor(y).withMask(mask));
    }
}
