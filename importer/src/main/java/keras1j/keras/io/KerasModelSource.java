package keras1j.keras.io;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Keras 1 model file holds, before any interpretation: the architecture as JSON text (the
 * {@code {"class_name": ..., "config": ...}} object of {@code model.to_json()} / the
 * {@code model_config} attribute), the Keras version if recorded, and the weights if present.
 * Immutable and thread-safe (as far as the weight store is).
 *
 * @param architectureFile file the architecture came from ({@code .h5} or {@code .json})
 * @param kerasVersion     the {@code keras_version} attribute/field, if recorded
 * @param modelConfig      the architecture: the JSON text of {@code model.to_json()} (for files read by
 *                         {@link KerasFiles}, already checked to be a JSON object with
 *                         {@code class_name} and {@code config})
 * @param weights          the weights, absent for an architecture-only import
 */
public record KerasModelSource(Path architectureFile, Optional<String> kerasVersion, String modelConfig,
        Optional<WeightStore> weights) {

    public KerasModelSource {
        Objects.requireNonNull(kerasVersion, "kerasVersion");
        Objects.requireNonNull(modelConfig, "modelConfig");
        Objects.requireNonNull(weights, "weights");
    }

    /** This source with {@code weights} in place of its own (e.g. a separate weights file). */
    public KerasModelSource withWeights(WeightStore weights) {
        return new KerasModelSource(architectureFile, kerasVersion, modelConfig, Optional.of(weights));
    }
}
