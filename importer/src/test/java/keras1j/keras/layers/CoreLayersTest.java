package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.only;
import static keras1j.keras.layers.Imports.opNames;
import static keras1j.keras.layers.Imports.ops;
import static keras1j.keras.layers.Imports.ramp;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.Imports.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;

/** Dense, Flatten, Reshape, Permute, RepeatVector, Embedding, BatchNormalization, Merge, activations. */
class CoreLayersTest {

    /** keras1/mnist_cnn_th. */
    static final String MNIST_CNN_TH = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution2D", "config": {"name": "convolution2d_1", \
            "trainable": true, "batch_input_shape": [null, 1, 12, 12], "input_dtype": "float32", "nb_filter": 4, \
            "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", \
            "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}}, {"class_name": \
            "Activation", "config": {"name": "activation_1", "trainable": true, "activation": "relu"}}, {"class_name": \
            "Convolution2D", "config": {"name": "convolution2d_2", "trainable": true, "nb_filter": 4, "nb_row": 3, \
            "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", "subsample": [1, 1], \
            "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true}}, {"class_name": "Activation", "config": {"name": \
            "activation_2", "trainable": true, "activation": "relu"}}, {"class_name": "MaxPooling2D", "config": {"name": \
            "maxpooling2d_1", "trainable": true, "pool_size": [2, 2], "border_mode": "valid", "strides": [2, 2], \
            "dim_ordering": "th"}}, {"class_name": "Dropout", "config": {"name": "dropout_1", "trainable": true, \
            "p": 0.25}}, {"class_name": "Flatten", "config": {"name": "flatten_1", "trainable": true}}, {"class_name": \
            "Dense", "config": {"name": "dense_1", "trainable": true, "output_dim": 16, "init": "glorot_uniform", \
            "activation": "linear", "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 64}}, {"class_name": "Activation", \
            "config": {"name": "activation_3", "trainable": true, "activation": "relu"}}, {"class_name": "Dropout", \
            "config": {"name": "dropout_2", "trainable": true, "p": 0.5}}, {"class_name": "Dense", "config": {"name": \
            "dense_2", "trainable": true, "output_dim": 5, "init": "glorot_uniform", "activation": "linear", \
            "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, \
            "b_constraint": null, "bias": true, "input_dim": 16}}, {"class_name": "Activation", "config": {"name": \
            "activation_4", "trainable": true, "activation": "softmax"}}], "keras_version": "1.2.2"}""";

    /** keras1/batchnorm_conv2d_th. */
    static final String BATCHNORM_TH = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution2D", "config": {"name": "convolution2d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 5, 5], "input_dtype": "float32", "nb_filter": 3, \
            "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "same", \
            "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}}, {"class_name": \
            "BatchNormalization", "config": {"name": "batchnormalization_1", "trainable": true, "epsilon": 0.001, \
            "mode": 0, "axis": 1, "gamma_regularizer": null, "beta_regularizer": null, "momentum": 0.99}}, \
            {"class_name": "Activation", "config": {"name": "activation_1", "trainable": true, "activation": "relu"}}], \
            "keras_version": "1.2.2"}""";

    /** keras1/two_inputs_two_outputs. */
    static final String TWO_INPUTS_TWO_OUTPUTS = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "image", "class_name": "InputLayer", \
            "config": {"batch_input_shape": [null, 2, 6, 6], "input_dtype": "float32", "sparse": false, "name": "image"}, \
            "inbound_nodes": []}, {"name": "branch3x3", "class_name": "Convolution2D", "config": {"name": "branch3x3", \
            "trainable": true, "nb_filter": 3, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "relu", \
            "border_mode": "same", "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": null, "b_regularizer": \
            null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}, \
            "inbound_nodes": [[["image", 0, 0]]]}, {"name": "branch1x1", "class_name": "Convolution2D", "config": \
            {"name": "branch1x1", "trainable": true, "nb_filter": 2, "nb_row": 1, "nb_col": 1, "init": "glorot_uniform", \
            "activation": "relu", "border_mode": "valid", "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": \
            null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, \
            "bias": true}, "inbound_nodes": [[["image", 0, 0]]]}, {"name": "concat_maps", "class_name": "Merge", \
            "config": {"name": "concat_maps", "mode": "concat", "mode_type": "raw", "concat_axis": 1, "dot_axes": -1, \
            "output_shape": null, "output_shape_type": "raw", "output_mask": null, "output_mask_type": "raw", \
            "arguments": {}}, "inbound_nodes": [[["branch3x3", 0, 0], ["branch1x1", 0, 0]]]}, {"name": "sequence", \
            "class_name": "InputLayer", "config": {"batch_input_shape": [null, 7, 3], "input_dtype": "float32", \
            "sparse": false, "name": "sequence"}, "inbound_nodes": []}, {"name": "maxpooling2d_1", "class_name": \
            "MaxPooling2D", "config": {"name": "maxpooling2d_1", "trainable": true, "pool_size": [2, 2], "border_mode": \
            "valid", "strides": [2, 2], "dim_ordering": "th"}, "inbound_nodes": [[["concat_maps", 0, 0]]]}, {"name": \
            "seq_conv", "class_name": "Convolution1D", "config": {"name": "seq_conv", "trainable": true, "nb_filter": 4, \
            "filter_length": 3, "init": "glorot_uniform", "activation": "relu", "border_mode": "valid", \
            "subsample_length": 1, "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": null, "input_length": null}, \
            "inbound_nodes": [[["sequence", 0, 0]]]}, {"name": "flatten_1", "class_name": "Flatten", "config": {"name": \
            "flatten_1", "trainable": true}, "inbound_nodes": [[["maxpooling2d_1", 0, 0]]]}, {"name": \
            "globalmaxpooling1d_1", "class_name": "GlobalMaxPooling1D", "config": {"name": "globalmaxpooling1d_1", \
            "trainable": true}, "inbound_nodes": [[["seq_conv", 0, 0]]]}, {"name": "concat_feat", "class_name": "Merge", \
            "config": {"name": "concat_feat", "mode": "concat", "mode_type": "raw", "concat_axis": -1, "dot_axes": -1, \
            "output_shape": null, "output_shape_type": "raw", "output_mask": null, "output_mask_type": "raw", \
            "arguments": {}}, "inbound_nodes": [[["flatten_1", 0, 0], ["globalmaxpooling1d_1", 0, 0]]]}, {"name": \
            "class_out", "class_name": "Dense", "config": {"name": "class_out", "trainable": true, "output_dim": 3, \
            "init": "glorot_uniform", "activation": "softmax", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 49}, \
            "inbound_nodes": [[["concat_feat", 0, 0]]]}, {"name": "mask_out", "class_name": "Convolution2D", "config": \
            {"name": "mask_out", "trainable": true, "nb_filter": 1, "nb_row": 1, "nb_col": 1, "init": "glorot_uniform", \
            "activation": "sigmoid", "border_mode": "valid", "subsample": [1, 1], "dim_ordering": "th", \
            "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, \
            "b_constraint": null, "bias": true}, "inbound_nodes": [[["concat_maps", 0, 0]]]}], "input_layers": \
            [["image", 0, 0], ["sequence", 0, 0]], "output_layers": [["class_out", 0, 0], ["mask_out", 0, 0]]}, \
            "keras_version": "1.2.2"}""";

    /** keras1/text_cnn_embedding_globalmax (first layers). */
    static final String EMBEDDING = """
            {"class_name": "Sequential", "config": [{"class_name": "Embedding", "config": {"name": "embedding_1", \
            "trainable": true, "batch_input_shape": [null, 10], "input_dtype": "int32", "input_dim": 30, "output_dim": 6, \
            "init": "uniform", "input_length": 10, "mask_zero": false, "activity_regularizer": null, "W_regularizer": \
            null, "W_constraint": null, "dropout": 0.2}}, {"class_name": "Flatten", "config": {"name": "flatten_1", \
            "trainable": true}}, {"class_name": "RepeatVector", "config": {"name": "repeatvector_1", "trainable": true, \
            "n": 2}}, {"class_name": "Reshape", "config": {"name": "reshape_1", "trainable": true, "target_shape": \
            [-1, 6, 2]}}, {"class_name": "Permute", "config": {"name": "permute_1", "trainable": true, "dims": \
            [3, 1, 2]}}, {"class_name": "Activation", "config": {"name": "activation_1", "trainable": true, \
            "activation": "tanh"}}], "keras_version": "1.2.2"}""";

    /** dl4j_yolo_th_config_keras1 (first layers, Keras 1.2.0), with a PReLU in place of the LeakyReLU. */
    static final String CONV_LEAKY_TH = """
            {"keras_version": "1.2.0", "class_name": "Sequential", "config": [{"class_name": "Convolution2D", "config": \
            {"dim_ordering": "th", "nb_row": 3, "name": "convolution2d_1", "b_regularizer": null, "nb_col": 3, "bias": \
            true, "activation": "linear", "nb_filter": 16, "activity_regularizer": null, "b_constraint": null, \
            "W_constraint": null, "init": "glorot_uniform", "input_dtype": "float32", "border_mode": "same", \
            "batch_input_shape": [null, 3, 8, 8], "W_regularizer": null, "subsample": [1, 1], "trainable": true}}, \
            {"class_name": "LeakyReLU", "config": {"alpha": 0.1, "name": "leakyrelu_1", "trainable": true}}]}""";

    static final String CONV_PRELU_TH = CONV_LEAKY_TH.replace("{\"class_name\": \"LeakyReLU\", \"config\": "
            + "{\"alpha\": 0.1, \"name\": \"leakyrelu_1\", \"trainable\": true}}", "{\"class_name\": \"PReLU\", "
            + "\"config\": {\"init\": \"zero\", \"name\": \"prelu_1\", \"trainable\": true}}");

    @Test
    void flattenOfThImageUsesChannelsFirstOrder() {
        ImportedModel m = load(MNIST_CNN_TH, null);
        assertEquals(List.of("Transpose", "Conv", "Activation", "Conv", "Activation", "Pool", "Transpose", "Reshape",
                "Dense", "Activation", "Dense", "Softmax"), opNames(m));
        List<Transpose> t = ops(m, Transpose.class);
        assertArrayEquals(new int[] {0, 2, 3, 1}, t.get(0).perm());
        assertArrayEquals(new int[] {0, 3, 1, 2}, t.get(1).perm());
        assertArrayEquals(new int[] {64}, only(m, Reshape.class).sampleShape());
        assertEquals(1, only(m, Softmax.class).axis());
        assertEquals("(None, 4, 4, 4)", m.layers().get(4).outputShapes().get(0));
        assertEquals("(None, 64)", m.layers().get(6).outputShapes().get(0));
    }

    @Test
    void batchNormalizationUsesRunningStdAsVarianceOnTheMappedChannelAxis() {
        ImportedModel m = load(BATCHNORM_TH, weights()
                .layer("convolution2d_1", ramp("convolution2d_1_W", 3, 2, 3, 3), ramp("convolution2d_1_b", 3))
                .layer("batchnormalization_1", weight("batchnormalization_1_gamma", new float[] {1, 2, 3}, 3),
                        weight("batchnormalization_1_beta", new float[] {0, 1, 0}, 3),
                        weight("batchnormalization_1_running_mean", new float[] {0.5f, 0, 1}, 3),
                        weight("batchnormalization_1_running_std", new float[] {3.999f, 0.999f, 8.999f}, 3))
                .layer("activation_1"));
        ChannelAffine bn = only(m, ChannelAffine.class);
        assertEquals(3, bn.axis(), "th channel axis 1 is axis 3 of the channels-last value");
        assertArrayEquals(new float[] {0.5f, 2f, 1f}, bn.scale(), 1e-6f);
        assertArrayEquals(new float[] {-0.25f, 1f, -1f}, bn.shift(), 1e-6f);
        assertEquals(12, m.layers().get(1).parameterCount());
    }

    @Test
    void batchNormalizationModeThreeIsInvalid() {
        String json = BATCHNORM_TH.replace("\"mode\": 0", "\"mode\": 3");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, null));
        assertEquals("model.json: layer 'batchnormalization_1' (BatchNormalization): 'mode' expected 0, 1 or 2, got 3",
                e.getMessage());
    }

    @Test
    void mergeConcatOfThImagesConcatenatesChannelsLast() {
        ImportedModel m = load(TWO_INPUTS_TWO_OUTPUTS, null);
        List<Concat> concats = ops(m, Concat.class);
        assertEquals(3, concats.get(0).axis(), "concat_axis 1 of th maps to the channels-last axis");
        assertEquals(1, concats.get(1).axis());
        assertEquals(List.of("image", "sequence"), m.inputNames());
        assertEquals(List.of("class_out", "mask_out"), m.outputNames());
        assertEquals(List.of("branch3x3", "branch1x1"), m.layers().get(3).inbound());
        assertEquals("(None, 5, 6, 6)", m.layers().get(3).outputShapes().get(0));
        assertEquals("(None, 1, 6, 6)", m.graph().shapeOf(m.graph().outputs().get(1).value()).toString());
        assertEquals(1, ops(m, Transpose.class).stream().filter(t -> t.perm()[1] == 2).count(),
                "the th input is transposed once for both branches");
    }

    @Test
    void dotMergeOfUnequalSizesIsInvalid() {
        String json = TWO_INPUTS_TWO_OUTPUTS.replace("\"mode\": \"concat\", \"mode_type\": \"raw\", \"concat_axis\": -1",
                "\"mode\": \"dot\", \"mode_type\": \"raw\", \"concat_axis\": -1");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, null));
        assertTrue(e.getMessage().startsWith("model.json: layer 'concat_feat' (Merge): 'dot' needs equal known sizes "
                + "on dot_axes"), e.getMessage());
    }

    @Test
    void softmaxOnA4dTensorIsUnsupportedAsInKeras122() {
        String json = BATCHNORM_TH.replace("\"activation\": \"relu\"", "\"activation\": \"softmax\"");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(json, null));
        assertEquals("model.json: layer 'activation_1' (Activation): 'activation' = 'softmax' is not supported: "
                + "Keras 1.2.2 applies softmax only to 2D or 3D tensors, the input has shape (None, 3, 5, 5)",
                e.getMessage());
    }

    @Test
    void unknownActivationIsUnsupported() {
        String json = BATCHNORM_TH.replace("\"activation\": \"relu\"", "\"activation\": \"swish\"");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(json, null));
        assertEquals("model.json: layer 'activation_1' (Activation): 'activation' = 'swish' is not supported: "
                + "unknown Keras 1.2.2 activation", e.getMessage());
    }

    @Test
    void rejectsUnknownLayerByName() {
        String json = BATCHNORM_TH.replace("\"class_name\": \"Activation\"", "\"class_name\": \"Swish\"");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(json, null));
        assertTrue(e.getMessage().startsWith("model.json: layer 'activation_1' (Swish): layer class 'Swish' is not "
                + "supported; a converter for it can be registered"), e.getMessage());
    }

    @Test
    void embeddingReshapeRepeatAndPermuteFollowKerasLayout() {
        ImportedModel m = load(EMBEDDING, null);
        assertArrayEquals(new int[] {30, 6}, only(m, Gather.class).table().shape());
        assertEquals(2, only(m, RepeatVector.class).times());
        assertArrayEquals(new int[] {10, 6, 2}, ops(m, Reshape.class).get(1).sampleShape());
        // Permute adds no node: the tanh runs on the unpermuted value, the output is transposed once
        assertEquals(List.of("Gather", "Reshape", "RepeatVector", "Reshape", "Activation", "Transpose"), opNames(m));
        assertArrayEquals(new int[] {0, 3, 1, 2}, only(m, Transpose.class).perm());
        assertEquals("(None, 2, 10, 6)", m.layers().get(4).outputShapes().get(0));
        assertArrayEquals(new int[] {0, 3, 1, 2}, m.taps().get("activation_1").toKeras());
        assertEquals("embedding_input_1", m.inputNames().get(0));
    }

    @Test
    void leakyReluKeepsTheChannelsLastLayout() {
        ImportedModel m = load(CONV_LEAKY_TH, null);
        Activation a = only(m, Activation.class);
        assertEquals(ActivationKind.LEAKY_RELU, a.kind());
        assertEquals(0.1f, a.alpha());
        assertEquals(List.of("Transpose", "Conv", "Activation", "Transpose"), opNames(m));
    }

    @Test
    void preluAlphasFollowTheValueLayout() {
        float[] alphas = new float[16 * 8 * 8];
        alphas[(5 * 8 + 2) * 8 + 7] = 0.25f;
        ImportedModel m = load(CONV_PRELU_TH, weights()
                .layer("convolution2d_1", ramp("convolution2d_1_W", 16, 3, 3, 3), ramp("convolution2d_1_b", 16))
                .layer("prelu_1", weight("prelu_1_alphas", alphas, 16, 8, 8)));
        PRelu p = only(m, PRelu.class);
        assertArrayEquals(new int[] {8, 8, 16}, p.alpha().shape());
        assertEquals(0.25f, p.alpha().get(2, 7, 5));
        assertArrayEquals(new int[] {0, 3, 1, 2}, m.taps().get("prelu_1").toKeras());
    }
}
