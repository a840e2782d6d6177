package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.config.LayerConfig;

/**
 * Layers that are the identity at inference: {@code Dropout}, {@code SpatialDropout1D/2D/3D},
 * {@code GaussianNoise}, {@code GaussianDropout} (Keras 1.2.2 applies them only in the training
 * phase, whatever the rate) and {@code ActivityRegularization} (a loss term only). No node is added.
 */
final class IdentityConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise",
                "GaussianDropout", "ActivityRegularization");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        ctx.weights().expect();
        KerasTensor in = ctx.single(inputs);
        switch (cfg.className()) {
            case "ActivityRegularization":
                cfg.optionalDouble("l1", 0.0);
                cfg.optionalDouble("l2", 0.0);
                break;
            case "GaussianNoise":
                cfg.optionalDouble("sigma", 0.0);
                break;
            default:
                // any rate: Keras 1.2.2 only drops during training, and only for 0 < p < 1
                cfg.optionalDouble("p", 0.0);
                break;
        }
        return List.of(in);
    }
}
