package keras1j.keras.layers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keras1j.errors.InvalidModelException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.tensor.Tensor;

/** Test helpers: import a model JSON text with in-memory weights and look at the produced ops. */
final class Imports {
    private Imports() {
    }

    /** In-memory weights: layer name to saved weights, in weight_names order. */
    static final class Weights implements WeightStore {
        private final Map<String, List<NamedWeight>> layers = new LinkedHashMap<>();

        Weights layer(String layer, NamedWeight... weights) {
            layers.put(layer, List.of(weights));
            return this;
        }

        @Override
        public Path file() {
            return Path.of("weights.h5");
        }

        @Override
        public List<String> layerNames() {
            return List.copyOf(layers.keySet());
        }

        @Override
        public boolean hasLayer(String layer) {
            return layers.containsKey(layer);
        }

        @Override
        public List<NamedWeight> weights(String layer) {
            List<NamedWeight> w = layers.get(layer);
            if (w == null) {
                throw new InvalidModelException("weights.h5: no layer '" + layer + "'");
            }
            return w;
        }
    }

    static Weights weights() {
        return new Weights();
    }

    /** A weight named {@code name} with values 0, 1, 2, ... of {@code shape}. */
    static NamedWeight ramp(String name, int... shape) {
        float[] d = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return new NamedWeight(name, Tensor.of(d, shape));
    }

    /** A weight named {@code name} holding {@code values} with {@code shape}. */
    static NamedWeight weight(String name, float[] values, int... shape) {
        return new NamedWeight(name, Tensor.of(values, shape));
    }

    static ImportedModel load(String json, Weights weights) {
        return load(json, weights, ImportOptions.defaults());
    }

    static ImportedModel load(String json, Weights weights, ImportOptions options) {
        KerasModelSource src = new KerasModelSource(Path.of("model.json"), Optional.of("1.2.2"), json,
                Optional.ofNullable(weights));
        return KerasModelLoader.load(src, options);
    }

    /** The ops of the graph, in order, that are instances of {@code type}. */
    static <T extends Op> List<T> ops(ImportedModel m, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Node n : m.graph().nodes()) {
            if (type.isInstance(n.op())) {
                out.add(type.cast(n.op()));
            }
        }
        return out;
    }

    /** The only op of {@code type}. */
    static <T extends Op> T only(ImportedModel m, Class<T> type) {
        List<T> ops = ops(m, type);
        if (ops.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", got " + ops.size());
        }
        return ops.get(0);
    }

    /** Op names in graph order. */
    static List<String> opNames(ImportedModel m) {
        return m.graph().nodes().stream().map(n -> n.op().opName()).toList();
    }
}
