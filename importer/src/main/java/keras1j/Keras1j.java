package keras1j;

import java.nio.file.Path;
import java.util.Objects;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineRegistry;

/**
 * The one-call entry for the common case: load a Keras 1 model and predict on the Java engine.
 *
 * <pre>{@code
 * try (Model model = Keras1j.load(Path.of("model.h5"))) {
 *     int digit = model.predictClass(pixels);
 * }
 * }</pre>
 *
 * <p>For control over the import (backend, dim ordering, open input sizes) and the engine, use
 * {@link KerasModelLoader} and {@link EngineRegistry} or {@code JavaEngine} directly. Stateless;
 * all methods are thread-safe.
 */
public final class Keras1j {
    private Keras1j() {
    }

    /**
     * Loads a full model saved by {@code model.save()} and opens it on the Java engine.
     *
     * @throws keras1j.errors.InvalidModelException     for unreadable or inconsistent files
     * @throws keras1j.errors.UnsupportedFeatureException for layers keras1j does not implement
     */
    public static Model load(Path model) {
        return load(model, null);
    }

    /**
     * Loads an architecture saved by {@code model.to_json()} with its weights saved by
     * {@code model.save_weights()} (or a full model with other weights) and opens it on the Java
     * engine.
     *
     * @param weightsOrNull the weights; null only for a full-model {@code .h5}
     * @throws keras1j.errors.InvalidModelException     for unreadable or inconsistent files, and for a
     *                                                  model without weights
     * @throws keras1j.errors.UnsupportedFeatureException for layers keras1j does not implement
     */
    public static Model load(Path model, Path weightsOrNull) {
        return load(model, weightsOrNull, ImportOptions.defaults());
    }

    /**
     * Like {@link #load(Path, Path)} with import options (backend, dim ordering, input shapes,
     * random weights).
     */
    public static Model load(Path model, Path weightsOrNull, ImportOptions options) {
        Objects.requireNonNull(model, "model");
        ImportedModel imported = KerasModelLoader.load(model, weightsOrNull, options);
        return new Model(imported, EngineRegistry.open(EngineRegistry.JAVA, imported.graph(), EngineConfig.defaults()));
    }
}
