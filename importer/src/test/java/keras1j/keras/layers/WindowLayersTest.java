package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.ops;
import static keras1j.keras.layers.Imports.only;
import static keras1j.keras.layers.Imports.ramp;
import static keras1j.keras.layers.Imports.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.Backend;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;

/** Pooling, Deconvolution2D and SeparableConvolution2D. */
class WindowLayersTest {

    static final String MAXPOOL2D_TH_SAME = """
            {"class_name": "Sequential", "config": [{"class_name": "MaxPooling2D", "config": {"name": "maxpooling2d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 5, 6], "input_dtype": "float32", "pool_size": [2, 2], \
            "border_mode": "same", "strides": [2, 2], "dim_ordering": "th"}}], "keras_version": "1.2.2"}""";

    static final String AVGPOOL2D_TF_SAME_P3_S2 = """
            {"class_name": "Sequential", "config": [{"class_name": "AveragePooling2D", "config": {"name": \
            "averagepooling2d_1", "trainable": true, "batch_input_shape": [null, 5, 6, 2], "input_dtype": "float32", \
            "pool_size": [3, 3], "border_mode": "same", "strides": [2, 2], "dim_ordering": "tf"}}], \
            "keras_version": "1.2.2"}""";

    static final String DECONV2D_TF_SAME_S2 = """
            {"class_name": "Sequential", "config": [{"class_name": "Deconvolution2D", "config": {"name": \
            "deconvolution2d_1", "trainable": true, "batch_input_shape": [null, 5, 4, 2], "input_dtype": "float32", \
            "nb_filter": 3, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": \
            "same", "subsample": [2, 2], "dim_ordering": "tf", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, "output_shape": \
            [null, 10, 8, 3]}}], "keras_version": "1.2.2"}""";

    static final String DECONV2D_TH_SAME_S1 = """
            {"class_name": "Sequential", "config": [{"class_name": "Deconvolution2D", "config": {"name": \
            "deconvolution2d_1", "trainable": true, "batch_input_shape": [null, 3, 5, 6], "input_dtype": "float32", \
            "nb_filter": 2, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": \
            "same", "subsample": [1, 1], "dim_ordering": "th", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, "output_shape": \
            [null, 2, 5, 6]}}], "keras_version": "1.2.2"}""";

    static final String SEPCONV2D_TF_DM2 = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "input_1", "class_name": \
            "InputLayer", "config": {"batch_input_shape": [null, 7, 6, 2], "input_dtype": "float32", "sparse": false, \
            "name": "input_1"}, "inbound_nodes": []}, {"name": "separableconvolution2d_1", "class_name": \
            "SeparableConvolution2D", "config": {"name": "separableconvolution2d_1", "trainable": true, "nb_filter": 4, \
            "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": "same", \
            "subsample": [2, 2], "depth_multiplier": 2, "dim_ordering": "tf", "depthwise_regularizer": null, \
            "pointwise_regularizer": null, "b_regularizer": null, "activity_regularizer": null, "depthwise_constraint": \
            null, "pointwise_constraint": null, "b_constraint": null, "bias": false}, "inbound_nodes": \
            [[["input_1", 0, 0]]]}], "input_layers": [["input_1", 0, 0]], "output_layers": \
            [["separableconvolution2d_1", 0, 0]]}, "keras_version": "1.2.2"}""";

    static final String MAXPOOL3D_TH_SAME = """
            {"class_name": "Sequential", "config": [{"class_name": "MaxPooling3D", "config": {"name": "maxpooling3d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 4, 4, 4], "input_dtype": "float32", "pool_size": \
            [2, 2, 2], "strides": [2, 2, 2], "border_mode": "same", "dim_ordering": "th"}}], "keras_version": "1.2.2"}""";

    private static ImportOptions on(Backend b) {
        return ImportOptions.defaults().withBackend(b);
    }

    @Test
    void theanoSamePoolingPadsPoolMinusOneAndKeepsTheFirstOutputs() {
        ImportedModel m = load(MAXPOOL2D_TH_SAME, null, on(Backend.THEANO));
        Pool pool = only(m, Pool.class);
        assertEquals(PoolKind.MAX, pool.kind());
        assertArrayEquals(new int[] {1, 1}, pool.padsBegin());
        assertArrayEquals(new int[] {0, 0}, pool.padsEnd());
        assertEquals("(None, 2, 3, 3)", m.layers().get(0).outputShapes().get(0));
    }

    @Test
    void theanoSamePooling3dPadsLikeTheanoPool3d() {
        // Keras 1.2.2 pool3d on a Theano with pool_3d: pad p-1 = 1, then the crop to ceil(4/2) = 2
        Pool pool = only(load(MAXPOOL3D_TH_SAME, null, on(Backend.THEANO)), Pool.class);
        assertArrayEquals(new int[] {1, 1, 1}, pool.padsBegin());
        assertArrayEquals(new int[] {0, 0, 0}, pool.padsEnd());
    }

    @Test
    void tensorflowSamePooling3dIsSupported() {
        Pool pool = only(load(MAXPOOL3D_TH_SAME, null, on(Backend.TENSORFLOW)), Pool.class);
        assertArrayEquals(new int[] {0, 0, 0}, pool.padsBegin());
    }

    @Test
    void tensorflowSamePoolingPadsLikeConvolutions() {
        Pool pool = only(load(MAXPOOL2D_TH_SAME, null, on(Backend.TENSORFLOW)), Pool.class);
        assertArrayEquals(new int[] {0, 0}, pool.padsBegin());
        assertArrayEquals(new int[] {1, 0}, pool.padsEnd());
    }

    @Test
    void theanoSamePoolingWithOddPoolPadsPoolMinusTwo() {
        Pool th = only(load(AVGPOOL2D_TF_SAME_P3_S2, null, on(Backend.THEANO)), Pool.class);
        assertEquals(PoolKind.AVERAGE, th.kind());
        assertArrayEquals(new int[] {1, 1}, th.padsBegin());
        assertArrayEquals(new int[] {1, 0}, th.padsEnd());
        Pool tf = only(load(AVGPOOL2D_TF_SAME_P3_S2, null, on(Backend.TENSORFLOW)), Pool.class);
        assertArrayEquals(new int[] {1, 0}, tf.padsBegin());
        assertArrayEquals(new int[] {1, 1}, tf.padsEnd());
    }

    @Test
    void weightlessModelDefaultsToTensorflowAndSaysWhy() {
        ImportedModel m = load(MAXPOOL2D_TH_SAME, weights().layer("maxpooling2d_1"));
        assertEquals(Backend.TENSORFLOW, m.backend());
        assertEquals("no weight names to infer it from: defaulted to tensorflow", m.backendReason());
    }

    @Test
    void tensorflowSameDeconvolutionDropsHalfTheOverhangAtTheStart() {
        String json = DECONV2D_TF_SAME_S2.replace("[null, 10, 8, 3]", "[null, 9, 7, 3]");
        ImportedModel m = load(json, weights().layer("deconvolution2d_1", ramp("deconvolution2d_1_W:0", 3, 3, 2, 3),
                ramp("deconvolution2d_1_b:0", 3)));
        ConvTranspose d = only(m, ConvTranspose.class);
        // full outputs 11 and 9, requested 9 and 7: one dropped at the start, one at the end
        assertArrayEquals(new int[] {1, 1}, d.padsBegin());
        assertArrayEquals(new int[] {9, 7}, d.outputSize());
        assertEquals(5f, d.kernel().get(0, 0, 1, 2), "TensorFlow kernel (r, c, in, out) used as is");
        assertEquals("(None, 9, 7, 3)", m.layers().get(0).outputShapes().get(0));
    }

    @Test
    void theanoDeconvolutionFlipsTheKernelAndDropsHalfTheKernel() {
        ImportedModel m = load(DECONV2D_TH_SAME_S1, weights().layer("deconvolution2d_1",
                ramp("deconvolution2d_1_W", 2, 3, 3, 3), ramp("deconvolution2d_1_b", 2)));
        ConvTranspose d = only(m, ConvTranspose.class);
        assertArrayEquals(new int[] {1, 1}, d.padsBegin());
        assertArrayEquals(new int[] {3, 3, 3, 2}, d.kernel().shape());
        // kernel[r][c][in][out] = W[out][in][2-r][2-c], W[o][i][r][c] = o*27 + i*9 + r*3 + c
        assertEquals(1 * 27 + 2 * 9 + 2 * 3 + 1, d.kernel().get(0, 1, 2, 1));
    }

    @Test
    void rejectsDeconvolutionOutputShapeThatTensorflowRejects() {
        String json = DECONV2D_TF_SAME_S2.replace("[null, 10, 8, 3]", "[null, 12, 8, 3]");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, null));
        assertTrue(e.getMessage().startsWith("model.json: layer 'deconvolution2d_1' (Deconvolution2D): output_shape "
                + "(None, 12, 8, 3) does not fit the input"), e.getMessage());
    }

    @Test
    void separableConvolutionIsDepthwiseThenPointwise() {
        ImportedModel m = load(SEPCONV2D_TF_DM2, weights().layer("input_1").layer("separableconvolution2d_1",
                ramp("separableconvolution2d_1_depthwise_kernel:0", 3, 3, 2, 2),
                ramp("separableconvolution2d_1_pointwise_kernel:0", 1, 1, 4, 4)));
        List<Conv> convs = ops(m, Conv.class);
        assertEquals(2, convs.size());
        Conv depthwise = convs.get(0);
        Conv pointwise = convs.get(1);
        assertEquals(2, depthwise.groups());
        assertArrayEquals(new int[] {3, 3, 1, 4}, depthwise.kernel().shape());
        // depthwise output channel c*dm + m = 1*2 + 1 reads depthwise[r][c][1][1]
        assertEquals((0 * 3 + 2) * 4 + 1 * 2 + 1, depthwise.kernel().get(0, 2, 0, 3));
        assertArrayEquals(new int[] {2, 2}, depthwise.strides());
        assertArrayEquals(new int[] {1, 0}, depthwise.padsBegin());
        assertArrayEquals(new int[] {1, 1}, depthwise.padsEnd());
        assertEquals(1, pointwise.groups());
        assertArrayEquals(new int[] {1, 1, 4, 4}, pointwise.kernel().shape());
        assertNull(pointwise.bias());
        assertEquals(3 * 3 * 2 * 2 + 4 * 4, m.layers().get(1).parameterCount());
    }

    @Test
    void separableConvolutionIsRejectedOnTheano() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(SEPCONV2D_TF_DM2, null, on(Backend.THEANO)));
        assertEquals("model.json: layer 'separableconvolution2d_1' (SeparableConvolution2D): Keras 1.2.2 implements "
                + "SeparableConvolution2D only on the TensorFlow backend", e.getMessage());
    }
}
