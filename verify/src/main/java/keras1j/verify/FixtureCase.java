package keras1j.verify;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportOptions;
import keras1j.keras.io.KerasFiles;
import keras1j.keras.io.WeightStore;

/**
 * One case of a fixture set's {@code manifest.json}: where its files are and how it is checked.
 *
 * @param dir               the case folder
 * @param id                the case id ({@code case} in the manifest)
 * @param description       free text
 * @param filesPresent      file names in the folder ({@code files_present})
 * @param hasReferenceIo    whether {@code io.h5} holds reference outputs
 * @param imageDimOrdering  the user's global {@code image_dim_ordering} when the model was saved
 * @param backend           the backend the model was built with, if the manifest knows it
 * @param rtol              relative tolerance
 * @param atol              absolute tolerance
 * @param outputs           declared output shapes (batch first), possibly empty
 */
public record FixtureCase(Path dir, String id, String description, List<String> filesPresent,
        boolean hasReferenceIo, Optional<DimOrdering> imageDimOrdering, Optional<Backend> backend, double rtol,
        double atol, Map<String, List<Integer>> outputs) {

    public FixtureCase {
        filesPresent = List.copyOf(filesPresent);
        outputs = Map.copyOf(outputs);
    }

    public boolean has(String file) {
        return filesPresent.contains(file) && Files.exists(dir.resolve(file));
    }

    /** Full-model HDF5 if present. */
    public Optional<Path> fullModel() {
        return has("model.h5") ? Optional.of(dir.resolve("model.h5")) : Optional.empty();
    }

    /** Architecture JSON if present. */
    public Optional<Path> json() {
        return has("model.json") ? Optional.of(dir.resolve("model.json")) : Optional.empty();
    }

    /** Separate weights file if present. */
    public Optional<Path> weights() {
        return has("weights.h5") ? Optional.of(dir.resolve("weights.h5")) : Optional.empty();
    }

    public Path io() {
        return dir.resolve("io.h5");
    }

    /** The model to load by default: {@code model.h5} when present, else {@code model.json}. */
    public Path model() {
        return fullModel().orElseGet(() -> dir.resolve("model.json"));
    }

    /** The weights to pass with {@link #model()}: none for a full model. */
    public Optional<Path> weightsForModel() {
        return fullModel().isPresent() ? Optional.empty() : weights();
    }

    /**
     * The import options the model's owner would pass: the {@code image_dim_ordering} of their
     * {@code keras.json}, and the backend only when the files hold no weight names to infer it
     * from (a weightless model records nothing about its backend).
     */
    public ImportOptions importOptions() {
        ImportOptions o = imageDimOrdering.map(ImportOptions.defaults()::withDimOrdering).orElse(ImportOptions.defaults());
        return backend.isPresent() && !holdsWeights() ? o.withBackend(backend.get()) : o;
    }

    /** True when the case's weight file (or full model) has at least one saved weight. */
    public boolean holdsWeights() {
        Optional<WeightStore> store = KerasFiles.read(model(), weightsForModel().orElse(null)).weights();
        return store.isPresent() && store.get().layerNames().stream().anyMatch(l -> !store.get().weights(l).isEmpty());
    }

    @Override
    public String toString() {
        return id;
    }
}
