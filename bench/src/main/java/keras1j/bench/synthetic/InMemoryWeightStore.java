package keras1j.bench.synthetic;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidModelException;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;

/**
 * A {@link WeightStore} held in memory, laid out like a Keras 1 weights file: {@code layer_names} in
 * model order (weightless layers included) and per layer its weights in {@code weight_names} order.
 * Immutable and thread-safe.
 *
 * @param file       a name for messages (no such file needs to exist)
 * @param layerNames the {@code layer_names}, in order
 * @param layers     the weights of each listed layer
 */
public record InMemoryWeightStore(Path file, List<String> layerNames, Map<String, List<NamedWeight>> layers)
        implements WeightStore {

    public InMemoryWeightStore {
        layerNames = List.copyOf(layerNames);
        Map<String, List<NamedWeight>> copy = new HashMap<>();
        layers.forEach((layer, weights) -> copy.put(layer, List.copyOf(weights)));
        layers = Map.copyOf(copy);
        for (String layer : layerNames) {
            if (!layers.containsKey(layer)) {
                throw new IllegalArgumentException("layer '" + layer + "' is listed but has no weight list");
            }
        }
    }

    @Override
    public boolean hasLayer(String layer) {
        return layers.containsKey(layer);
    }

    @Override
    public List<NamedWeight> weights(String layer) {
        List<NamedWeight> w = layers.get(layer);
        if (w == null) {
            throw new InvalidModelException(file + ": no weights for layer '" + layer + "'");
        }
        return w;
    }
}
