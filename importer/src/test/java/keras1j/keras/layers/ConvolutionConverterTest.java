package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.only;
import static keras1j.keras.layers.Imports.ramp;
import static keras1j.keras.layers.Imports.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.Backend;
import keras1j.keras.ImportedModel;
import keras1j.runtime.ir.Conv;

class ConvolutionConverterTest {

    /** keras1/conv2d_th_same_2x2_nobias (Keras 1.2.2 to_json). */
    static final String CONV2D_TH_SAME_2X2 = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution2D", "config": {"name": "convolution2d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 5, 6], "input_dtype": "float32", "nb_filter": 3, \
            "nb_row": 2, "nb_col": 2, "init": "glorot_uniform", "activation": "linear", "border_mode": "same", \
            "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": false}}], \
            "keras_version": "1.2.2"}""";

    /** keras1/conv2d_tf_same_stride2. */
    static final String CONV2D_TF_SAME_S2 = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution2D", "config": {"name": "convolution2d_1", \
            "trainable": true, "batch_input_shape": [null, 8, 7, 2], "input_dtype": "float32", "nb_filter": 3, \
            "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "same", \
            "subsample": [2, 2], "dim_ordering": "tf", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true}}], \
            "keras_version": "1.2.2"}""";

    /** keras1/atrousconv2d_th_rate22_valid. */
    static final String ATROUS2D_TH_RATE22 = """
            {"class_name": "Sequential", "config": [{"class_name": "AtrousConvolution2D", "config": {"name": \
            "atrousconvolution2d_1", "trainable": true, "batch_input_shape": [null, 2, 9, 8], "input_dtype": "float32", \
            "nb_filter": 3, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": \
            "valid", "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, \
            "atrous_rate": [2, 2]}}], "keras_version": "1.2.2"}""";

    /** keras1-tf/tf_conv2d_th_valid_s1_k3: th ordering, TensorFlow backend. */
    static final String CONV2D_TH_ON_TF = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "input_1", "class_name": \
            "InputLayer", "config": {"batch_input_shape": [null, 3, 6, 5], "input_dtype": "float32", "sparse": false, \
            "name": "input_1"}, "inbound_nodes": []}, {"name": "convolution2d_1", "class_name": "Convolution2D", \
            "config": {"name": "convolution2d_1", "trainable": true, "nb_filter": 4, "nb_row": 3, "nb_col": 3, \
            "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", "subsample": [1, 1], \
            "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true}, "inbound_nodes": [[["input_1", 0, 0]]]}], \
            "input_layers": [["input_1", 0, 0]], "output_layers": [["convolution2d_1", 0, 0]]}, \
            "keras_version": "1.2.2"}""";

    /** keras1-public/kerasjs_convolution1d_0_legacy (weights in the Keras 1.0.x layout). */
    static final String CONV1D_KERASJS = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "input_1", "class_name": \
            "InputLayer", "config": {"batch_input_shape": [null, 5, 2], "input_dtype": "float32", "sparse": false, \
            "name": "input_1"}, "inbound_nodes": []}, {"name": "convolution1d_1", "class_name": "Convolution1D", \
            "config": {"name": "convolution1d_1", "trainable": true, "nb_filter": 4, "filter_length": 3, \
            "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", "subsample_length": 1, \
            "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, \
            "b_constraint": null, "bias": true, "input_dim": null, "input_length": null}, "inbound_nodes": \
            [[["input_1", 0, 0]]]}], "input_layers": [["input_1", 0, 0]], "output_layers": [["convolution1d_1", 0, 0]]}, \
            "keras_version": "1.2.2"}""";

    /** keras1/conv1d_full_theano. */
    static final String CONV1D_FULL = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution1D", "config": {"name": "convolution1d_1", \
            "trainable": true, "batch_input_shape": [null, 5, 2], "input_dtype": "float32", "nb_filter": 3, \
            "filter_length": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "full", \
            "subsample_length": 1, "W_regularizer": null, "b_regularizer": null, "activity_regularizer": null, \
            "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": null, "input_length": null}}], \
            "keras_version": "1.2.2"}""";

    /** W[o][i][r][c] = o*8 + i*4 + r*2 + c for the 2x2 th kernel (3, 2, 2, 2). */
    private static ImportedModel conv2x2(String suffix) {
        return load(CONV2D_TH_SAME_2X2, weights().layer("convolution2d_1", ramp("convolution2d_1_W" + suffix, 3, 2, 2, 2)));
    }

    @Test
    void theanoKernelsAreFlippedButTensorflowKernelsAreNot() {
        Conv theano = only(conv2x2(""), Conv.class);
        Conv tensorflow = only(conv2x2(":0"), Conv.class);
        assertArrayEquals(new int[] {2, 2, 2, 3}, theano.kernel().shape());
        // IR kernel [r, c, in, out]: out 2, in 1 at (r, c) = (0, 0)
        assertEquals(2 * 8 + 1 * 4 + 1 * 2 + 1, theano.kernel().get(0, 0, 1, 2), "Theano reads W[2][1][1][1]");
        assertEquals(2 * 8 + 1 * 4, tensorflow.kernel().get(0, 0, 1, 2), "TensorFlow reads W[2][1][0][0]");
    }

    @Test
    void tfOrderedThModelIsNotFlipped() {
        ImportedModel m = load(CONV2D_TH_ON_TF, weights().layer("input_1")
                .layer("convolution2d_1", ramp("convolution2d_1_W:0", 4, 3, 3, 3), ramp("convolution2d_1_b:0", 4)));
        assertEquals(Backend.TENSORFLOW, m.backend());
        Conv conv = only(m, Conv.class);
        // W th (out, in, r, c) only transposed: kernel[r][c][i][o] = W[o][i][r][c]
        assertEquals(3 * 27 + 2 * 9 + 0 * 3 + 1, conv.kernel().get(0, 1, 2, 3));
        assertArrayEquals(new float[] {0, 1, 2, 3}, conv.bias());
    }

    @Test
    void theanoSamePaddingForEvenKernelKeepsFirstOutputs() {
        Conv conv = only(conv2x2(""), Conv.class);
        assertArrayEquals(new int[] {1, 1}, conv.padsBegin());
        assertArrayEquals(new int[] {0, 0}, conv.padsEnd());
        assertNull(conv.bias());
    }

    @Test
    void tensorflowSamePaddingPutsTheOddZeroAtTheEnd() {
        Conv conv = only(conv2x2(":0"), Conv.class);
        assertArrayEquals(new int[] {0, 0}, conv.padsBegin());
        assertArrayEquals(new int[] {1, 1}, conv.padsEnd());
    }

    @Test
    void stridedSamePaddingDiffersByBackend() {
        Imports.Weights tf = weights().layer("convolution2d_1", ramp("convolution2d_1_W:0", 3, 3, 2, 3),
                ramp("convolution2d_1_b:0", 3));
        Imports.Weights th = weights().layer("convolution2d_1", ramp("convolution2d_1_W", 3, 3, 2, 3),
                ramp("convolution2d_1_b", 3));
        Conv onTf = only(load(CONV2D_TF_SAME_S2, tf), Conv.class);
        Conv onTh = only(load(CONV2D_TF_SAME_S2, th), Conv.class);
        // rows 8 -> 4, cols 7 -> 4 with kernel 3, stride 2
        assertArrayEquals(new int[] {0, 1}, onTf.padsBegin());
        assertArrayEquals(new int[] {1, 1}, onTf.padsEnd());
        assertArrayEquals(new int[] {1, 1}, onTh.padsBegin());
        assertArrayEquals(new int[] {0, 1}, onTh.padsEnd());
        assertArrayEquals(new int[] {2, 2}, onTf.strides());
    }

    @Test
    void atrousRateBecomesDilation() {
        ImportedModel m = load(ATROUS2D_TH_RATE22, weights().layer("atrousconvolution2d_1",
                ramp("atrousconvolution2d_1_W", 3, 2, 3, 3), ramp("atrousconvolution2d_1_b", 3)));
        Conv conv = only(m, Conv.class);
        assertArrayEquals(new int[] {2, 2}, conv.dilations());
        assertArrayEquals(new int[] {0, 0}, conv.padsBegin());
        assertEquals("(None, 3, 5, 4)", m.layers().get(0).outputShapes().get(0));
    }

    @Test
    void keras10Conv1dKernelLayoutIsRecognizedByShape() {
        // Keras 1.0.x: (nb_filter, input_dim, filter_length, 1) = (4, 2, 3, 1)
        ImportedModel m = load(CONV1D_KERASJS, weights().layer("input_1")
                .layer("convolution1d_1", ramp("convolution1d_1_W:0", 4, 2, 3, 1), ramp("convolution1d_1_b:0", 4)));
        Conv conv = only(m, Conv.class);
        assertArrayEquals(new int[] {3, 2, 4}, conv.kernel().shape());
        // kernel[j][i][o] = W[o][i][j][0] = o*6 + i*3 + j
        assertEquals(3 * 6 + 1 * 3 + 2, conv.kernel().get(2, 1, 3));
    }

    @Test
    void keras11Conv1dKernelLayoutIsUsedAsIs() {
        ImportedModel m = load(CONV1D_KERASJS, weights().layer("input_1")
                .layer("convolution1d_1", ramp("convolution1d_1_W:0", 3, 1, 2, 4), ramp("convolution1d_1_b:0", 4)));
        Conv conv = only(m, Conv.class);
        // kernel[j][i][o] = W[j][0][i][o] = j*8 + i*4 + o
        assertEquals(2 * 8 + 1 * 4 + 3, conv.kernel().get(2, 1, 3));
    }

    @Test
    void theanoFullBorderModePadsKernelMinusOneOnBothSides() {
        ImportedModel m = load(CONV1D_FULL, weights().layer("convolution1d_1", ramp("convolution1d_1_W", 3, 1, 2, 3),
                ramp("convolution1d_1_b", 3)));
        Conv conv = only(m, Conv.class);
        assertArrayEquals(new int[] {2}, conv.padsBegin());
        assertArrayEquals(new int[] {2}, conv.padsEnd());
        assertEquals("(None, 7, 3)", m.layers().get(0).outputShapes().get(0));
    }

    @Test
    void fullBorderModeIsRejectedOnTensorflow() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(CONV1D_FULL,
                weights().layer("convolution1d_1", ramp("convolution1d_1_W:0", 3, 1, 2, 3),
                        ramp("convolution1d_1_b:0", 3))));
        assertTrue(e.getMessage().contains("layer 'convolution1d_1' (Convolution1D): 'border_mode' = 'full'"),
                e.getMessage());
    }

    @Test
    void rejectsMismatchedWeightShapeNamingLayerAndWeight() {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(CONV2D_TH_SAME_2X2,
                weights().layer("convolution2d_1", ramp("convolution2d_1_W", 3, 2, 3, 3))));
        assertEquals("weights.h5: layer 'convolution2d_1' (Convolution2D): weight 'convolution2d_1_W' has shape "
                + "(3, 2, 3, 3), the layer configuration implies (3, 2, 2, 2)", e.getMessage());
    }

    @Test
    void rejectsMissingBiasNamingLayerAndWeights() {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(CONV2D_TF_SAME_S2,
                weights().layer("convolution2d_1", ramp("convolution2d_1_W", 3, 3, 2, 3))));
        assertEquals("weights.h5: layer 'convolution2d_1' (Convolution2D): expected 2 weights (W, b) for this "
                + "configuration, the file has 1 (convolution2d_1_W)", e.getMessage());
    }

    @Test
    void rejectsStringKernelSizeNamingLayerAndField() {
        String json = CONV2D_TH_SAME_2X2.replace("\"nb_row\": 2", "\"nb_row\": \"2\"");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> load(json, weights().layer("convolution2d_1", ramp("convolution2d_1_W", 3, 2, 2, 2))));
        assertEquals("model.json: layer 'convolution2d_1' (Convolution2D): 'nb_row' expected an integer, got \"2\"",
                e.getMessage());
    }

    @Test
    void rejectsMissingRequiredField() {
        String json = CONV2D_TH_SAME_2X2.replace("\"nb_filter\": 3, ", "");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, null));
        assertEquals("model.json: layer 'convolution2d_1' (Convolution2D): missing required field 'nb_filter'",
                e.getMessage());
    }

    @Test
    void architectureOnlyImportUsesZeroKernelsOfTheImpliedShape() {
        ImportedModel m = load(CONV2D_TF_SAME_S2, null);
        Conv conv = only(m, Conv.class);
        assertArrayEquals(new int[] {3, 3, 2, 3}, conv.kernel().shape());
        assertEquals(0f, conv.kernel().get(1, 1, 1, 1));
        assertEquals(3 * 3 * 2 * 3 + 3, m.layers().get(0).parameterCount());
        assertEquals("(None, 4, 4, 3)", m.layers().get(0).outputShapes().get(0));
    }
}
