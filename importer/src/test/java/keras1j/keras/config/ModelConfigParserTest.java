package keras1j.keras.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;

class ModelConfigParserTest {

    /** keras1/conv1d_valid_linear_inputdim. */
    static final String SEQUENTIAL = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution1D", "config": {"name": "convolution1d_1", \
            "trainable": true, "batch_input_shape": [null, 8, 5], "input_dtype": "float32", "nb_filter": 4, \
            "filter_length": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", \
            "subsample_length": 1, "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 5, "input_length": 8}}, \
            {"class_name": "Activation", "config": {"name": "activation_1", "trainable": true, "activation": "relu"}}], \
            "keras_version": "1.2.2"}""";

    /** keras1/wavenet_residual (excerpt): a functional model with merges. */
    static final String FUNCTIONAL = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "wave_in", "class_name": \
            "InputLayer", "config": {"batch_input_shape": [null, 16, 2], "input_dtype": "float32", "sparse": false, \
            "name": "wave_in"}, "inbound_nodes": []}, {"name": "merge_1", "class_name": "Merge", "config": {"name": \
            "merge_1", "mode": "sum", "mode_type": "raw", "concat_axis": -1, "dot_axes": -1, "output_shape": null, \
            "output_shape_type": "raw", "output_mask": null, "output_mask_type": "raw", "arguments": {}}, \
            "inbound_nodes": [[["wave_in", 0, 0], ["wave_in", 0, 0, {}]]]}], "input_layers": [["wave_in", 0, 0]], \
            "output_layers": [["merge_1", 0, 0]]}, "keras_version": "1.2.2"}""";

    private static ModelTopology parse(String json) throws Exception {
        return ModelConfigParser.parse(new ObjectMapper().readTree(json), "model.json");
    }

    @Test
    void sequentialGetsAnInputLayerNamedLikeKeras1() throws Exception {
        ModelTopology t = parse(SEQUENTIAL);
        assertEquals("Sequential", t.kind());
        assertEquals(Optional.of("convolution1d_input_1"), t.sequentialInput());
        assertEquals(List.of("convolution1d_input_1", "convolution1d_1", "activation_1"),
                t.layers().stream().map(LayerSpec::name).toList());
        assertEquals(List.of(new TensorRef("convolution1d_input_1", 0, 0)), t.inputs());
        assertEquals(List.of(new TensorRef("activation_1", 0, 0)), t.outputs());
        assertEquals(List.of(List.of(new TensorRef("convolution1d_1", 0, 0))), t.layers().get(2).inboundNodes());
        assertEquals("[null,8,5]", t.layers().get(0).config().json().get("batch_input_shape").toString());
    }

    @Test
    void functionalModelReadsInboundNodesWithOptionalEmptyKwargs() throws Exception {
        ModelTopology t = parse(FUNCTIONAL);
        assertEquals(List.of(new TensorRef("wave_in", 0, 0), new TensorRef("wave_in", 0, 0)),
                t.layer("merge_1").orElseThrow().inboundNodes().get(0));
        assertEquals(Optional.empty(), t.sequentialInput());
    }

    @Test
    void callArgumentsInInboundNodesAreUnsupported() {
        String json = FUNCTIONAL.replace("[\"wave_in\", 0, 0, {}]", "[\"wave_in\", 0, 0, {\"mask\": 1}]");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> parse(json));
        assertEquals("model.json: layer 'merge_1' (Merge): inbound node: call arguments {\"mask\":1} on 'wave_in' "
                + "are not supported", e.getMessage());
    }

    @Test
    void rejectsMalformedInboundReference() {
        String json = FUNCTIONAL.replace("[\"wave_in\", 0, 0, {}]", "[\"wave_in\", \"0\", 0]");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> parse(json));
        assertEquals("model.json: layer 'merge_1' (Merge): inbound node expected [layer_name, node_index, "
                + "tensor_index], got [\"wave_in\",\"0\",0]", e.getMessage());
    }

    @Test
    void rejectsUnknownOutputLayer() {
        String json = FUNCTIONAL.replace("[[\"merge_1\", 0, 0]]", "[[\"merge_9\", 0, 0]]");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> parse(json));
        assertEquals("model.json: 'output_layers' names unknown layer 'merge_9'", e.getMessage());
    }

    @Test
    void rejectsSequentialWithoutInputShape() {
        String json = SEQUENTIAL.replace("\"batch_input_shape\": [null, 8, 5], ", "");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> parse(json));
        assertEquals("model.json: layer 'convolution1d_1' (Convolution1D): the first layer of a Sequential model "
                + "must have 'batch_input_shape'", e.getMessage());
    }

    @Test
    void rejectsUnknownModelClass() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> parse("{\"class_name\": \"Graph\", \"config\": {}}"));
        assertEquals("model.json: model class 'Graph' is not supported (expected Sequential or Model)", e.getMessage());
    }
}
