package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;

/**
 * Layers that are the identity at inference: {@code Dropout}, {@code SpatialDropout1D/2D/3D},
 * {@code GaussianNoise}, {@code GaussianDropout}. No node is added.
 */
final class IdentityConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        ctx.weights().expect();
        KerasTensor in = ctx.single(inputs);
        String rateKey = cfg.className().equals("GaussianNoise") ? "sigma" : "p";
        double rate = cfg.optionalDouble(rateKey, 0.0);
        if (Double.isNaN(rate) || rate < 0) {
            throw cfg.invalid(rateKey, "a non-negative number", cfg.json().get(rateKey));
        }
        return List.of(in);
    }
}
