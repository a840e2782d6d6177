package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Upsample;

/**
 * UpSampling1D ({@code length}), UpSampling2D and UpSampling3D ({@code size}) as a nearest-neighbour
 * {@link Upsample} on the spatial axes, in whatever layout the input value has. 2D/3D use the image
 * dim ordering (Keras 1.2.2 does not save theirs).
 */
final class UpSamplingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("UpSampling1D", "UpSampling2D", "UpSampling3D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        int r = SpatialAxes.rankOf(cfg.className());
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);
        ctx.weights().expect();
        int[] factors;
        if (r == 1) {
            factors = new int[] {ConvSupport.positive(cfg, "length", cfg.optionalInt("length", 2))};
        } else {
            int[] def = new int[r];
            java.util.Arrays.fill(def, 2);
            factors = ConvSupport.positive(cfg, "size", cfg.optionalInts("size", r, def));
        }
        String y = ctx.add("upsample", new Upsample(SpatialAxes.onIrAxes(in, ctx.dimOrdering(), r, factors, 1)),
                in.value());
        return List.of(ctx.tensor(y, in.perm()));
    }
}
