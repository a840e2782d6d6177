package keras1j.keras.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import keras1j.runtime.tensor.Tensor;

class KerasFilesTest {
    private static final Path MNIST_TH = Fixtures.caseDir("keras1", "mnist_cnn_th");

    @Test
    void fullModelGivesArchitectureVersionAndWeights() {
        KerasModelSource source = KerasFiles.read(MNIST_TH.resolve("model.h5"), null);

        assertEquals(MNIST_TH.resolve("model.h5"), source.architectureFile());
        assertEquals(Optional.of("1.2.2"), source.kerasVersion());
        assertEquals("Sequential", tree(source).get("class_name").asText());
        assertEquals("convolution2d_1", tree(source).get("config").get(0).get("config").get("name").asText());
        WeightStore weights = source.weights().orElseThrow();
        assertEquals(List.of("convolution2d_1", "activation_1", "convolution2d_2", "activation_2", "maxpooling2d_1",
                "dropout_1", "flatten_1", "dense_1", "activation_3", "dropout_2", "dense_2", "activation_4"),
                weights.layerNames());
    }

    @Test
    void theanoWeightsHaveTheirShapesNamesAndValues() {
        WeightStore weights = KerasFiles.readFullModel(MNIST_TH.resolve("model.h5")).weights().orElseThrow();

        List<NamedWeight> conv = weights.weights("convolution2d_1");
        assertEquals(List.of("convolution2d_1_W", "convolution2d_1_b"), conv.stream().map(NamedWeight::name).toList());
        Tensor kernel = conv.get(0).value();
        assertArrayEquals(new int[] {4, 1, 3, 3}, kernel.shape());
        assertEquals(-0.023455077782273293f, kernel.get(0, 0, 0, 0));
        assertEquals(0.2671002149581909f, kernel.get(0, 0, 0, 1));
        assertEquals(-0.1842469871044159f, kernel.get(0, 0, 0, 2));
        Tensor bias = weights.weights("dense_2").get(1).value();
        assertArrayEquals(new float[] {0.23534339666366577f, 0.48742783069610596f, 0.480747252702713f,
            -0.06570731103420258f, 0.15469905734062195f}, bias.data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flatten_1", "maxpooling2d_1", "dropout_1", "activation_4"})
    void weightlessLayersHaveNoWeights(String layer) {
        WeightStore weights = KerasFiles.readWeights(MNIST_TH.resolve("weights.h5"));

        assertTrue(weights.hasLayer(layer));
        assertEquals(List.of(), weights.weights(layer));
    }

    @Test
    void architectureJsonWithWeightsFile() {
        KerasModelSource source = KerasFiles.read(MNIST_TH.resolve("model.json"), MNIST_TH.resolve("weights.h5"));

        assertEquals(MNIST_TH.resolve("model.json"), source.architectureFile());
        assertEquals(Optional.of("1.2.2"), source.kerasVersion());
        assertEquals("Sequential", tree(source).get("class_name").asText());
        assertEquals(MNIST_TH.resolve("weights.h5"), source.weights().orElseThrow().file());
    }

    @Test
    void architectureOnlyJsonHasNoWeightsAndTheJsonKerasVersion() {
        Path json = Fixtures.caseDir("keras1-public", "kerasjs_demo_resnet50_config").resolve("model.json");

        KerasModelSource source = KerasFiles.read(json, null);

        assertEquals(Optional.empty(), source.weights());
        assertEquals(Optional.of("1.1.0"), source.kerasVersion());
        assertEquals("Model", tree(source).get("class_name").asText());
        assertTrue(tree(source).get("config").get("layers").size() > 100);
    }

    @Test
    void compiledTrainedModelIgnoresTrainingConfigAndOptimizerWeights() {
        Path dir = Fixtures.caseDir("keras1", "mnist_cnn_th_compiled_trained");

        KerasModelSource source = KerasFiles.read(dir.resolve("model.h5"), null);

        WeightStore weights = source.weights().orElseThrow();
        assertFalse(weights.hasLayer("optimizer_weights"));
        assertEquals(12, weights.layerNames().size());
        assertEquals(List.of("convolution2d_1_W", "convolution2d_1_b"),
                weights.weights("convolution2d_1").stream().map(NamedWeight::name).toList());
        assertFalse(tree(source).has("optimizer_config"));
    }

    @Test
    void tensorflowWeightNamesKeepTheirSuffix() {
        Path dir = Fixtures.caseDir("keras1-tf", "tf_model_th_conv_bn_pool_dense");

        WeightStore weights = KerasFiles.readWeights(dir.resolve("weights.h5"));

        List<NamedWeight> bn = weights.weights("batchnormalization_1");
        assertEquals(List.of("batchnormalization_1_gamma:0", "batchnormalization_1_beta:0",
                "batchnormalization_1_running_mean:0", "batchnormalization_1_running_std:0"),
                bn.stream().map(NamedWeight::name).toList());
        assertArrayEquals(new float[] {1.3365596532821655f, 0.5756624937057495f, 1.618293285369873f,
            1.721065640449524f}, bn.get(3).value().data());
        assertEquals(List.of(), weights.weights("input_1"));
    }

    @Test
    void separateWeightsFileReplacesTheFullModelWeights() {
        Path other = Fixtures.caseDir("keras1", "mnist_cnn_th_compiled_trained").resolve("model.h5");

        KerasModelSource source = KerasFiles.read(MNIST_TH.resolve("model.h5"), other);

        assertEquals(MNIST_TH.resolve("model.h5"), source.architectureFile());
        assertEquals(other, source.weights().orElseThrow().file());
        assertArrayEquals(new int[] {3, 1, 3, 3},
                source.weights().orElseThrow().weights("convolution2d_1").get(0).value().shape());
    }

    @Test
    void fullModelFileServesAsWeightsOfAJsonArchitecture() {
        KerasModelSource source = KerasFiles.read(MNIST_TH.resolve("model.json"), MNIST_TH.resolve("model.h5"));

        WeightStore weights = source.weights().orElseThrow();
        assertEquals(12, weights.layerNames().size());
        assertEquals(-0.023455077782273293f, weights.weights("convolution2d_1").get(0).value().get(0, 0, 0, 0));
    }

    @Test
    void contentNotExtensionDecidesTheFormat(@TempDir Path tmp) throws IOException {
        Path h5AsJson = Files.copy(MNIST_TH.resolve("model.h5"), tmp.resolve("model.json"));
        Path jsonAsH5 = Files.copy(MNIST_TH.resolve("model.json"), tmp.resolve("model.h5"));

        assertTrue(KerasFiles.read(h5AsJson, null).weights().isPresent());
        assertTrue(KerasFiles.read(jsonAsH5, null).weights().isEmpty());
    }

    /** The cases with both a full model and a JSON + weights pair. */
    static Stream<Fixtures.Case> pairedCases() {
        return Fixtures.allCases().stream()
                .filter(c -> c.has("model.h5") && c.has("model.json") && c.has("weights.h5"));
    }

    @ParameterizedTest
    @MethodSource("pairedCases")
    void fullModelAndJsonPlusWeightsGiveIdenticalWeights(Fixtures.Case fixture) {
        KerasModelSource full = KerasFiles.read(fixture.dir().resolve("model.h5"), null);
        KerasModelSource split = KerasFiles.read(fixture.dir().resolve("model.json"),
                fixture.dir().resolve("weights.h5"));

        WeightStore a = full.weights().orElseThrow();
        WeightStore b = split.weights().orElseThrow();
        assertEquals(a.layerNames(), b.layerNames());
        for (String layer : a.layerNames()) {
            List<NamedWeight> wa = a.weights(layer);
            List<NamedWeight> wb = b.weights(layer);
            assertEquals(wa.stream().map(NamedWeight::name).toList(), wb.stream().map(NamedWeight::name).toList(),
                    layer);
            for (int i = 0; i < wa.size(); i++) {
                assertArrayEquals(wa.get(i).value().shape(), wb.get(i).value().shape(), layer);
                assertArrayEquals(wa.get(i).value().data(), wb.get(i).value().data(), layer);
            }
        }
        assertEquals(tree(full).get("config"), tree(split).get("config"));
    }

    @Test
    void genuineKeras122FilesFromDeeplearning4jArePaired() {
        assertTrue(pairedCases().filter(c -> c.name().startsWith("dl4j_")).count() >= 8);
    }

    /** Every case of every fixture set, read as the CLI would. */
    static Stream<Fixtures.Case> allCases() {
        return Fixtures.allCases().stream().filter(c -> c.has("model.h5") || c.has("model.json"));
    }

    @ParameterizedTest
    @MethodSource("allCases")
    void everyFixtureModelReads(Fixtures.Case fixture) {
        Path model = fixture.dir().resolve(fixture.has("model.h5") ? "model.h5" : "model.json");
        boolean split = !fixture.has("model.h5") && fixture.has("weights.h5");
        Path weights = split ? fixture.dir().resolve("weights.h5") : null;

        KerasModelSource source = KerasFiles.read(model, weights);

        assertTrue(tree(source).has("config"));
        assertEquals(fixture.has("model.h5") || fixture.has("weights.h5"), source.weights().isPresent());
        source.weights().ifPresent(w -> assertFalse(w.layerNames().isEmpty()));
    }

    /** The architecture as a JSON tree (the source carries the text). */
    private static com.fasterxml.jackson.databind.JsonNode tree(KerasModelSource source) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(source.modelConfig());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
