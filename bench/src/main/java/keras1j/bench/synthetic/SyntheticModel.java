package keras1j.bench.synthetic;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.runtime.tensor.Tensor;

/**
 * A Keras 1.2.2 model written in memory: the {@code model.to_json()} object and the layers whose
 * weights it saves. {@link #source()} draws the weights (seeded, so every call gives the same
 * values) and presents both as a {@link KerasModelSource}, as if read from {@code NAME.json} and
 * {@code NAME.h5} with TensorFlow-backend weight names ({@code layer_W:0}). Immutable and thread-safe
 * (the JSON tree is never handed out: {@link #json()} returns a copy).
 *
 * @param name   model name, used for the pseudo file names
 * @param json   the {@code to_json()} object
 * @param layers every layer in {@code layer_names} order (a functional model's input layers included)
 * @param seed   seed of the weight values
 */
public record SyntheticModel(String name, ObjectNode json, List<KerasLayer> layers, long seed) {
    /** The Keras version the JSON imitates. */
    public static final String KERAS_VERSION = "1.2.2";

    public SyntheticModel {
        json = json.deepCopy();
        layers = List.copyOf(layers);
    }

    /** A copy of the {@code to_json()} object. */
    @Override
    public ObjectNode json() {
        return json.deepCopy();
    }

    /** The architecture with freshly drawn (seeded) weights. */
    public KerasModelSource source() {
        return new KerasModelSource(Path.of(name + ".json"), Optional.of(KERAS_VERSION), json.toString(),
                Optional.of(weights()));
    }

    /** The architecture alone (an import then holds zero weights; shapes and FLOPs are the same). */
    public KerasModelSource architecture() {
        return new KerasModelSource(Path.of(name + ".json"), Optional.of(KERAS_VERSION), json.toString(),
                Optional.empty());
    }

    /** Number of weight values the model saves. */
    public long parameterCount() {
        long n = 0;
        for (KerasLayer l : layers) {
            for (WeightSpec w : l.weights()) {
                n += w.size();
            }
        }
        return n;
    }

    /**
     * Writes the model as {@code model.save()} would, a full-model HDF5 file: root attributes
     * {@code keras_version} and {@code model_config} (the JSON), and group {@code model_weights}
     * with {@code layer_names}, one group per layer with {@code weight_names} and its float32
     * datasets, drawn as {@link #weights()} draws them. Unlike Keras, layers without weights are
     * not listed (jhdf cannot write an empty list; the importer needs none for them). The file is written when complete (jhdf
     * keeps every dataset until then), so this needs about twice the weights' size of heap.
     */
    public void writeFullModel(Path h5) {
        WeightStore weights = weights();
        try (WritableHdfFile hdf = HdfFile.write(h5)) {
            hdf.putAttribute("keras_version", KERAS_VERSION);
            hdf.putAttribute("model_config", json.toString());
            WritableGroup root = hdf.putGroup("model_weights");
            // weightless layers are left out: jhdf cannot write the empty weight_names list Keras stores
            List<KerasLayer> weighted = layers.stream().filter(l -> !l.weights().isEmpty()).toList();
            root.putAttribute("layer_names", weighted.stream().map(KerasLayer::name).toArray(String[]::new));
            for (KerasLayer l : weighted) {
                WritableGroup g = root.putGroup(l.name());
                List<NamedWeight> ws = weights.weights(l.name());
                g.putAttribute("weight_names", ws.stream().map(NamedWeight::name).toArray(String[]::new));
                for (NamedWeight w : ws) {
                    g.putDataset(w.name(), nested(w.value().data(), w.value().shape()));
                }
            }
        }
    }

    /** {@code data} as a nested primitive array of {@code shape} (what jhdf writes a dataset from). */
    private static Object nested(float[] data, int[] shape) {
        if (shape.length == 1) {
            return data;
        }
        Object array = Array.newInstance(float.class, shape);
        fill(array, shape, 0, data, 0);
        return array;
    }

    private static int fill(Object array, int[] shape, int axis, float[] data, int offset) {
        if (axis == shape.length - 1) {
            System.arraycopy(data, offset, array, 0, shape[axis]);
            return offset + shape[axis];
        }
        for (int i = 0; i < shape[axis]; i++) {
            offset = fill(Array.get(array, i), shape, axis + 1, data, offset);
        }
        return offset;
    }

    /** The weights, drawn uniformly in each weight's range from one stream seeded with {@link #seed}. */
    public WeightStore weights() {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, List<NamedWeight>> byLayer = new LinkedHashMap<>();
        for (KerasLayer l : layers) {
            List<NamedWeight> ws = new ArrayList<>();
            for (WeightSpec w : l.weights()) {
                float[] data = new float[Math.toIntExact(w.size())];
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) random.nextDouble(w.low(), w.high());
                }
                ws.add(new NamedWeight(l.name() + "_" + w.role() + ":0", Tensor.of(data, w.shape())));
            }
            byLayer.put(l.name(), ws);
        }
        return WeightStore.inMemory(Path.of(name + ".h5"), byLayer);
    }
}
