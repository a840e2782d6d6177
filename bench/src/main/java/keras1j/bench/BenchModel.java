package keras1j.bench;

import java.util.Objects;
import java.util.function.Supplier;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;

/**
 * A model the benchmark runs and where its Keras 1 source comes from. Immutable and thread-safe (the
 * supplier must be).
 *
 * @param id          the id used in JMH parameters and reports
 * @param description one line for the report
 * @param source      reads or writes the Keras model
 */
public record BenchModel(String id, String description, Supplier<KerasModelSource> source) {

    public BenchModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
    }

    /** Imports the model through {@link KerasModelLoader} (default options: backend and ordering inferred). */
    public ImportedModel load() {
        return KerasModelLoader.load(source.get(), ImportOptions.defaults());
    }
}
