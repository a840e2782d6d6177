package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.StepMask;
import keras1j.runtime.tensor.Tensor;

/**
 * Embedding ({@code input_dim}, {@code output_dim}; W {@code (input_dim, output_dim)}) as a
 * {@link Gather} of integer ids. {@code dropout} is inactive at inference. With {@code mask_zero} the
 * output carries the Keras mask {@code ids != 0} (a {@link StepMask} of the ids), which recurrent
 * layers read.
 */
final class EmbeddingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Embedding");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        KerasTensor in = ctx.single(inputs);
        int inputDim = ConvSupport.positive(cfg, "input_dim", cfg.requiredInt("input_dim"));
        int outputDim = ConvSupport.positive(cfg, "output_dim", cfg.requiredInt("output_dim"));
        boolean maskZero = cfg.optionalBoolean("mask_zero", false);
        ctx.weights().expect("W");
        Tensor table = ctx.weights().get(0, inputDim, outputDim);
        String ids = ctx.logical(in);
        String y = ctx.add("embedding", new Gather(table), ids);
        KerasTensor out = ctx.logicalTensor(y);
        if (maskZero && in.rank() >= 2) {
            out = out.withMask(ctx.add("mask", new StepMask(0f), ids));
        }
        return List.of(out);
    }
}
