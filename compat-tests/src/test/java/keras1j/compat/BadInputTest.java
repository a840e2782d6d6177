package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.errors.InvalidInputException;
import keras1j.errors.InvalidModelException;
import keras1j.errors.Keras1jException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasFiles;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * Bad input end to end: every kind gets a typed {@link Keras1jException} whose message names the
 * file, the layer and the field, never a NullPointerException or an index error.
 */
class BadInputTest {
    private static final Path CASE = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");
    private static final Path MODEL_H5 = CASE.resolve("model.h5");
    private static final Path MODEL_JSON = CASE.resolve("model.json");
    private static final Path WEIGHTS = CASE.resolve("weights.h5");

    private static <T extends Keras1jException> void assertNames(T e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message should name '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void truncatedHdf5IsAnInvalidModelNamingTheFile(@TempDir Path tmp) throws IOException {
        byte[] bytes = Files.readAllBytes(MODEL_H5);
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(cut, null, ImportOptions.defaults())), "cut.h5");
    }

    @Test
    void nonHdf5WeightsFileIsAnInvalidModelNamingTheFile(@TempDir Path tmp) throws IOException {
        Path text = tmp.resolve("weights.h5");
        Files.writeString(text, "not hdf5");
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(MODEL_JSON, text, ImportOptions.defaults())), "weights.h5");
    }

    @Test
    void malformedJsonIsAnInvalidModelNamingFileAndLine(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("broken.json");
        Files.writeString(json, Files.readString(MODEL_JSON).replace("\"nb_filter\": 4,", "\"nb_filter\": 4"));
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(json, WEIGHTS, ImportOptions.defaults())), "broken.json", "line");
    }

    @Test
    void wrongFieldTypeNamesLayerAndField(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("typed.json");
        Files.writeString(json, Files.readString(MODEL_JSON).replaceFirst("\"nb_row\": 3", "\"nb_row\": \"3\""));
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(json, WEIGHTS, ImportOptions.defaults())), "typed.json", "convolution2d_1",
                "nb_row");
    }

    @Test
    void unknownLayerClassIsUnsupportedNamingLayerAndClass(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("unknown.json");
        Files.writeString(json, Files.readString(MODEL_JSON).replaceFirst("\"Flatten\"", "\"Flatten4D\""));
        assertNames(assertThrows(UnsupportedFeatureException.class,
                () -> KerasModelLoader.load(json, WEIGHTS, ImportOptions.defaults())), "flatten_1", "Flatten4D");
    }

    @Test
    void weightShapeNotMatchingTheConfigNamesFileLayerAndWeight(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("resized.json");
        Files.writeString(json, Files.readString(MODEL_JSON).replaceFirst("\"nb_filter\": 4", "\"nb_filter\": 5"));
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(json, WEIGHTS, ImportOptions.defaults())), "weights.h5", "convolution2d_1",
                "convolution2d_1_W");
    }

    @Test
    void missingWeightsOfALayerNameFileAndLayer() {
        KerasModelSource source = withWeights(weights -> dropLayer(weights, "dense_1"));
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(source, ImportOptions.defaults())), "weights.h5", "dense_1");
    }

    @Test
    void extraWeightOfALayerNamesFileLayerAndCount() {
        KerasModelSource source = withWeights(weights -> addWeight(weights, "dense_2"));
        assertNames(assertThrows(InvalidModelException.class,
                () -> KerasModelLoader.load(source, ImportOptions.defaults())), "weights.h5", "dense_2");
    }

    @Test
    void wrongInputShapeAtPredictNamesInputAndExpectedShapeOnBothEngines() {
        ImportedModel model = KerasModelLoader.load(MODEL_H5, null, ImportOptions.defaults());
        Map<String, Tensor> bad = Map.of("convolution2d_input_1", Tensor.zeros(1, 1, 12, 13));
        try (Engine java = JavaEngine.create(model.graph());
                Engine ort = OnnxRuntimeEngine.create(model.graph(), OnnxExportOptions.defaults(), 1)) {
            assertNames(assertThrows(InvalidInputException.class, () -> java.predict(bad)), "convolution2d_input_1",
                    "(None, 1, 12, 12)");
            assertNames(assertThrows(InvalidInputException.class, () -> ort.predict(bad)), "convolution2d_input_1",
                    "(None, 1, 12, 12)");
        }
    }

    @Test
    void unknownInputNameAtPredictIsRejectedNamingIt() {
        ImportedModel model = KerasModelLoader.load(MODEL_H5, null, ImportOptions.defaults());
        Map<String, Tensor> bad = Map.of("image", Tensor.zeros(1, 1, 12, 12));
        try (Engine java = JavaEngine.create(model.graph())) {
            assertNames(assertThrows(InvalidInputException.class, () -> java.predict(bad)), "image");
        }
    }

    private static KerasModelSource withWeights(UnaryOperator<WeightStore> change) {
        KerasModelSource source = KerasFiles.read(MODEL_JSON, WEIGHTS);
        return source.withWeights(change.apply(source.weights().orElseThrow()));
    }

    private static WeightStore dropLayer(WeightStore w, String layer) {
        return new Edited(w) {
            @Override
            public List<String> layerNames() {
                return w.layerNames().stream().filter(l -> !l.equals(layer)).toList();
            }

            @Override
            public boolean hasLayer(String l) {
                return !l.equals(layer) && w.hasLayer(l);
            }

            @Override
            public List<NamedWeight> weights(String l) {
                if (l.equals(layer)) {
                    throw new InvalidModelException(w.file() + ": no weights for layer '" + layer + "'");
                }
                return w.weights(l);
            }
        };
    }

    private static WeightStore addWeight(WeightStore w, String layer) {
        return new Edited(w) {
            @Override
            public List<NamedWeight> weights(String l) {
                List<NamedWeight> list = new ArrayList<>(w.weights(l));
                if (l.equals(layer)) {
                    list.add(new NamedWeight(layer + "_extra", Tensor.zeros(3)));
                }
                return list;
            }
        };
    }

    /** A weight store that forwards to another; tests override what they change. */
    private abstract static class Edited implements WeightStore {
        private final WeightStore delegate;

        Edited(WeightStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Path file() {
            return delegate.file();
        }

        @Override
        public List<String> layerNames() {
            return delegate.layerNames();
        }

        @Override
        public boolean hasLayer(String layer) {
            return delegate.hasLayer(layer);
        }

        @Override
        public List<NamedWeight> weights(String layer) {
            return delegate.weights(layer);
        }
    }
}
