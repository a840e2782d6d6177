package keras1j.keras.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The weights of a Keras 1 model as saved by {@code model.save()} (under {@code model_weights/}) or
 * {@code model.save_weights()} (at the root): per layer, the datasets listed in the layer group's
 * {@code weight_names} attribute, in that order. Names and shapes are read at once; the values of
 * large weights (from 64K values) are {@link keras1j.runtime.tensor.Tensor#lazy lazy} and read from
 * the file when first used, so that a summary or a plot never reads them and an engine reads each
 * once into its own storage; a file changed in between is reported then
 * ({@link keras1j.errors.InvalidModelException}). Immutable and thread-safe.
 */
public interface WeightStore {
    /** The HDF5 file the weights came from (for messages). */
    Path file();

    /** Layer names in the order of the {@code layer_names} attribute. */
    List<String> layerNames();

    /** True if the file has a group for {@code layer}. */
    boolean hasLayer(String layer);

    /**
     * The weights of {@code layer} in {@code weight_names} order; empty for a weightless layer.
     *
     * @throws keras1j.errors.InvalidModelException naming the file and layer if there is no such layer
     */
    List<NamedWeight> weights(String layer);

    /**
     * Weights already in memory (built by a program rather than read from a file), with the same
     * lookups and messages as a file's.
     *
     * @param file   a name for messages (no such file needs to exist)
     * @param layers per layer, in {@code layer_names} order (weightless layers with an empty list),
     *               its weights in {@code weight_names} order
     */
    static WeightStore inMemory(Path file, Map<String, List<NamedWeight>> layers) {
        Map<String, List<NamedWeight>> copy = new LinkedHashMap<>();
        layers.forEach((layer, weights) -> copy.put(layer, List.copyOf(weights)));
        return new Hdf5WeightStore(file, Optional.empty(), List.copyOf(copy.keySet()), copy);
    }
}
