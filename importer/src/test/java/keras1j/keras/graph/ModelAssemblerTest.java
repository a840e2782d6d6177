package keras1j.keras.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import keras1j.errors.InvalidModelException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Reshape;

/** Graph assembly: shared layers, open input sizes, architecture-only imports, metadata. */
class ModelAssemblerTest {

    static final String SHARED_DENSE = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "a", "class_name": "InputLayer", \
            "config": {"batch_input_shape": [null, 3], "input_dtype": "float32", "sparse": false, "name": "a"}, \
            "inbound_nodes": []}, {"name": "b", "class_name": "InputLayer", "config": {"batch_input_shape": [null, 3], \
            "input_dtype": "float32", "sparse": false, "name": "b"}, "inbound_nodes": []}, {"name": "shared", \
            "class_name": "Dense", "config": {"name": "shared", "trainable": true, "output_dim": 2, "init": \
            "glorot_uniform", "activation": "relu", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 3}, \
            "inbound_nodes": [[["a", 0, 0]], [["b", 0, 0]]]}, {"name": "merge_1", "class_name": "Merge", "config": \
            {"name": "merge_1", "mode": "ave", "mode_type": "raw", "concat_axis": -1, "dot_axes": -1, "output_shape": \
            null, "output_shape_type": "raw", "output_mask": null, "output_mask_type": "raw", "arguments": {}}, \
            "inbound_nodes": [[["shared", 0, 0], ["shared", 1, 0]]]}], "input_layers": [["a", 0, 0], ["b", 0, 0]], \
            "output_layers": [["merge_1", 0, 0]]}, "keras_version": "1.2.2"}""";

    /** keras1/conv1d_varlen_inputdim. */
    static final String VARLEN = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution1D", "config": {"name": "convolution1d_1", \
            "trainable": true, "batch_input_shape": [null, null, 3], "input_dtype": "float32", "nb_filter": 4, \
            "filter_length": 2, "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", \
            "subsample_length": 1, "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 3, "input_length": null}}], \
            "keras_version": "1.2.2"}""";

    static final String DROPOUT_ONLY = """
            {"class_name": "Sequential", "config": [{"class_name": "Dropout", "config": {"name": "dropout_1", \
            "trainable": true, "batch_input_shape": [null, 4], "input_dtype": "float32", "p": 0.5}}], \
            "keras_version": "1.2.2"}""";

    private static ImportedModel load(String json, ImportOptions options) throws Exception {
        return KerasModelLoader.load(new KerasModelSource(Path.of("model.json"), Optional.of("1.2.2"),
                json, Optional.empty()), options);
    }

    @Test
    void sharedLayerIsAppliedAtEveryNodeWithTheSameWeights() throws Exception {
        ImportedModel m = load(SHARED_DENSE, ImportOptions.defaults());
        List<Dense> dense = m.graph().nodes().stream().map(Node::op).filter(Dense.class::isInstance)
                .map(Dense.class::cast).toList();
        assertEquals(2, dense.size());
        assertSame(dense.get(0).weights(), dense.get(1).weights());
        var shared = m.layers().get(2);
        assertEquals("shared", shared.name());
        assertEquals(List.of("(None, 2)", "(None, 2)"), shared.outputShapes());
        assertEquals(8, shared.parameterCount());
        assertEquals(List.of("a", "b"), shared.inbound());
        assertEquals("shared/relu", m.taps().get("shared").value());
    }

    @Test
    void summariesGiveTheInputShapeOfEveryUseAsKerasPrintsIt() throws Exception {
        ImportedModel m = load(SHARED_DENSE, ImportOptions.defaults());
        assertEquals(List.of("(None, 3)"), m.layers().get(0).inputShapes());
        assertEquals(List.of("(None, 3)", "(None, 3)"), m.layers().get(2).inputShapes());
        assertEquals(List.of("[(None, 2), (None, 2)]"), m.layers().get(3).inputShapes());
        ImportedModel seq = load(VARLEN, ImportOptions.defaults().withInputShape("convolution1d_input_1", 9, 3));
        assertEquals(List.of("(None, 9, 3)"), seq.layers().get(0).inputShapes());
    }

    @Test
    void openInputSizeStaysOpenWithoutTheActualShape() throws Exception {
        ImportedModel m = load(VARLEN, ImportOptions.defaults());
        assertEquals("(None, None, 3)", m.graph().shapeOf("convolution1d_input_1").toString());
        assertEquals(List.of("(None, None, 4)"), m.layers().get(0).outputShapes());
    }

    @Test
    void openInputSizeIsTakenFromTheOptions() throws Exception {
        ImportedModel m = load(VARLEN, ImportOptions.defaults().withInputShape("convolution1d_input_1", 9, 3));
        assertEquals("(None, 9, 3)", m.graph().shapeOf("convolution1d_input_1").toString());
        assertEquals(List.of("(None, 8, 4)"), m.layers().get(0).outputShapes());
    }

    @Test
    void inputShapeConflictingWithTheDeclaredOneIsRejected() {
        assertThrows(keras1j.errors.InvalidInputException.class,
                () -> load(VARLEN, ImportOptions.defaults().withInputShape("convolution1d_input_1", 9, 4)));
    }

    @Test
    void outputThatIsTheInputGetsItsOwnNode() throws Exception {
        ImportedModel m = load(DROPOUT_ONLY, ImportOptions.defaults());
        assertEquals(List.of("dropout_1"), m.outputNames());
        Node n = m.graph().nodes().get(0);
        assertEquals(Reshape.class, n.op().getClass());
        assertEquals(n.name(), m.graph().outputs().get(0).value());
    }

    @Test
    void architectureOnlyImportRecordsMetadata() throws Exception {
        ImportedModel m = load(SHARED_DENSE, ImportOptions.defaults());
        assertFalse(m.hasWeights());
        assertEquals(Map.of("source", "model.json", "keras_version", "1.2.2", "backend", "tensorflow",
                "dim_ordering", "tf", "producer", "keras1j", "weights_missing", "the model has no weights (architecture"
                        + " only): pass its weights file (--weights W.h5), or ask for seeded random weights"
                        + " (--random-weights SEED, ImportOptions.withRandomWeights(seed))"), m.graph().metadata());
        assertEquals(Optional.of("1.2.2"), m.kerasVersion());
    }

    @Test
    void referenceToAMissingNodeIsRejected() {
        String json = SHARED_DENSE.replace("[\"shared\", 1, 0]]", "[\"shared\", 2, 0]]");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, ImportOptions.defaults()));
        assertEquals("model.json: layer 'merge_1' (Merge): inbound node references shared[2][0], but 'shared' has 2 "
                + "node(s)", e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "kerasjs_demo_resnet50_config, '(None, 1000)', 25636712",
        "kerasjs_demo_inception_v3_config, '(None, 1000)', 23660968",
        "kerasjs_demo_xception_config, '(None, 1000)', 22910480",
        "kerasjs_demo_mnist_cnn_config, '(None, 10)', 600810"
    })
    void publicArchitecturesImportWithKerasOutputShapes(String name, String shape, long parameters) {
        ImportedModel m = KerasModelLoader.load(Path.of("..", "fixtures", "keras1-public", name, "model.json"), null,
                ImportOptions.defaults());
        assertFalse(m.hasWeights());
        assertEquals(1, m.outputNames().size());
        assertEquals(shape, m.graph().shapeOf(m.graph().outputs().get(0).value()).toString());
        assertEquals(parameters, m.layers().stream().mapToLong(l -> l.parameterCount()).sum());
    }

    /** The keras-js weight metadata lists every saved weight of these models with its layer. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"kerasjs_demo_resnet50_config", "kerasjs_demo_inception_v3_config", "kerasjs_demo_xception_config",
        "kerasjs_demo_mnist_cnn_config"})
    void parameterCountsPerLayerMatchTheSavedWeights(String name) throws Exception {
        Path dir = Path.of("..", "fixtures", "keras1-public", name);
        ImportedModel m = KerasModelLoader.load(dir.resolve("model.json"), null, ImportOptions.defaults());
        Map<String, Long> saved = new java.util.HashMap<>();
        for (var w : new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("weights_metadata_kerasjs.json").toFile())) {
            saved.merge(w.get("layer_name").asText(), w.get("length").asLong(), Long::sum);
        }
        for (var l : m.layers()) {
            assertEquals(saved.getOrDefault(l.name(), 0L), l.parameterCount(), l.name());
        }
    }
}
