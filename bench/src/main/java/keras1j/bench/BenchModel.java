package keras1j.bench;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;

/**
 * A model the benchmark runs: where its Keras 1 source comes from and, for models whose full size
 * would not fit the time budget at large batches, the smaller configuration used there. Immutable
 * and thread-safe (the suppliers must be).
 *
 * @param id          the id used in JMH parameters and reports
 * @param description one line for the report
 * @param source      reads or writes the Keras model
 * @param largeBatch  a reduced configuration for large batches, if any
 */
public record BenchModel(String id, String description, Supplier<KerasModelSource> source,
        Optional<LargeBatchVariant> largeBatch) {

    /**
     * The configuration used from batch {@code fromBatch} on.
     *
     * @param fromBatch smallest batch size that uses it
     * @param note      what is reduced and why, for the report
     * @param source    the reduced Keras model
     */
    public record LargeBatchVariant(int fromBatch, String note, Supplier<KerasModelSource> source) {
        public LargeBatchVariant {
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(source, "source");
        }
    }

    public BenchModel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(largeBatch, "largeBatch");
    }

    /** The reduction note that applies at {@code batch}, if this model is reduced there. */
    public Optional<String> noteAt(int batch) {
        return variantAt(batch).map(LargeBatchVariant::note);
    }

    /** Imports the configuration used at {@code batch} through {@link KerasModelLoader}. */
    public ImportedModel load(int batch) {
        KerasModelSource s = variantAt(batch).map(v -> v.source().get()).orElseGet(source);
        return KerasModelLoader.load(s, ImportOptions.defaults());
    }

    private Optional<LargeBatchVariant> variantAt(int batch) {
        return largeBatch.filter(v -> batch >= v.fromBatch());
    }
}
