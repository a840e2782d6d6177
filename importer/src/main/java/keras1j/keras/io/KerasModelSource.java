package keras1j.keras.io;

import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a Keras 1 model file holds, before any interpretation: the architecture as JSON (the
 * {@code {"class_name": ..., "config": ...}} object of {@code model.to_json()} / the
 * {@code model_config} attribute), the Keras version if recorded, and the weights if present.
 *
 * @param architectureFile file the architecture came from ({@code .h5} or {@code .json})
 * @param kerasVersion     the {@code keras_version} attribute/field, if recorded
 * @param modelConfig      the parsed architecture
 * @param weights          the weights, absent for an architecture-only import
 */
public record KerasModelSource(Path architectureFile, Optional<String> kerasVersion, JsonNode modelConfig,
        Optional<WeightStore> weights) {
    /** This source with {@code weights} in place of its own (e.g. a separate weights file). */
    public KerasModelSource withWeights(WeightStore weights) {
        return new KerasModelSource(architectureFile, kerasVersion, modelConfig, Optional.of(weights));
    }
}
