package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.only;
import static keras1j.keras.layers.Imports.opNames;
import static keras1j.keras.layers.Imports.ramp;
import static keras1j.keras.layers.Imports.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Upsample;

/** ZeroPadding, Cropping and UpSampling (1D/2D/3D), which save no dim_ordering in Keras 1.2.2. */
class SpatialLayersTest {

    static final String ZEROPADDING2D_DICT = """
            {"class_name": "Sequential", "config": [{"class_name": "ZeroPadding2D", "config": {"name": "zeropadding2d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 3, 3], "input_dtype": "float32", "padding": \
            {"top_pad": 1, "right_pad": 2}}}], "keras_version": "1.2.2"}""";

    static final String ZEROPADDING2D_4TUPLE = """
            {"class_name": "Sequential", "config": [{"class_name": "ZeroPadding2D", "config": {"name": "zeropadding2d_1", \
            "trainable": true, "batch_input_shape": [null, 3, 3, 2], "input_dtype": "float32", "padding": \
            [1, 0, 2, 3]}}], "keras_version": "1.2.2"}""";

    static final String ZEROPADDING1D_DICT = """
            {"class_name": "Sequential", "config": [{"class_name": "ZeroPadding1D", "config": {"name": "zeropadding1d_1", \
            "trainable": true, "batch_input_shape": [null, 5, 2], "input_dtype": "float32", "padding": \
            {"left_pad": 2}}}], "keras_version": "1.2.2"}""";

    static final String CROPPING2D_TH = """
            {"class_name": "Sequential", "config": [{"class_name": "Cropping2D", "config": {"name": "cropping2d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 6, 7], "input_dtype": "float32", "cropping": \
            [[1, 2], [0, 3]]}}], "keras_version": "1.2.2"}""";

    static final String CROPPING3D_TH = """
            {"class_name": "Sequential", "config": [{"class_name": "Cropping3D", "config": {"name": "cropping3d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 4, 5, 4], "input_dtype": "float32", "cropping": \
            [[1, 0], [0, 2], [1, 1]]}}], "keras_version": "1.2.2"}""";

    static final String UPSAMPLING2D = """
            {"class_name": "Sequential", "config": [{"class_name": "UpSampling2D", "config": {"name": "upsampling2d_1", \
            "trainable": true, "batch_input_shape": [null, 2, 3, 4], "input_dtype": "float32", "size": [2, 3]}}], \
            "keras_version": "1.2.2"}""";

    static final String UPSAMPLING1D = """
            {"class_name": "Sequential", "config": [{"class_name": "UpSampling1D", "config": {"name": "upsampling1d_1", \
            "trainable": true, "batch_input_shape": [null, 4, 3], "input_dtype": "float32", "length": 3}}], \
            "keras_version": "1.2.2"}""";

    /** keras1-tf/tf_model_th_pad_conv_up_conv: th convolutions around layers that save no dim_ordering. */
    static final String TH_PAD_CONV_UP_CONV = """
            {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "input_1", "class_name": \
            "InputLayer", "config": {"batch_input_shape": [null, 3, 5, 8], "input_dtype": "float32", "sparse": false, \
            "name": "input_1"}, "inbound_nodes": []}, {"name": "zeropadding2d_1", "class_name": "ZeroPadding2D", \
            "config": {"name": "zeropadding2d_1", "trainable": true, "padding": [1, 2]}, "inbound_nodes": \
            [[["input_1", 0, 0]]]}, {"name": "convolution2d_1", "class_name": "Convolution2D", "config": {"name": \
            "convolution2d_1", "trainable": true, "nb_filter": 4, "nb_row": 3, "nb_col": 3, "init": "glorot_uniform", \
            "activation": "relu", "border_mode": "same", "subsample": [2, 2], "dim_ordering": "th", "W_regularizer": \
            null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, \
            "bias": true}, "inbound_nodes": [[["zeropadding2d_1", 0, 0]]]}, {"name": "upsampling2d_1", "class_name": \
            "UpSampling2D", "config": {"name": "upsampling2d_1", "trainable": true, "size": [2, 3]}, "inbound_nodes": \
            [[["convolution2d_1", 0, 0]]]}], "input_layers": [["input_1", 0, 0]], "output_layers": \
            [["upsampling2d_1", 0, 0]]}, "keras_version": "1.2.2"}""";

    @Test
    void zeroPadding2dAcceptsDictFormWithMissingEntriesAsZero() {
        Pad pad = only(load(ZEROPADDING2D_DICT, null, ImportOptions.defaults().withDimOrdering(DimOrdering.TH)),
                Pad.class);
        assertArrayEquals(new int[] {0, 0, 1, 0}, pad.begin());
        assertArrayEquals(new int[] {0, 0, 0, 2}, pad.end());
    }

    @Test
    void zeroPadding2dAcceptsTopBottomLeftRightTuple() {
        ImportedModel m = load(ZEROPADDING2D_4TUPLE, null, ImportOptions.defaults().withDimOrdering(DimOrdering.TF));
        Pad pad = only(m, Pad.class);
        assertArrayEquals(new int[] {0, 1, 2, 0}, pad.begin());
        assertArrayEquals(new int[] {0, 0, 3, 0}, pad.end());
        assertEquals("(None, 4, 8, 2)", m.layers().get(0).outputShapes().get(0));
    }

    @Test
    void zeroPadding1dAcceptsDictForm() {
        Pad pad = only(load(ZEROPADDING1D_DICT, null), Pad.class);
        assertArrayEquals(new int[] {0, 2, 0}, pad.begin());
        assertArrayEquals(new int[] {0, 0, 0}, pad.end());
    }

    @Test
    void zeroPaddingRejectsUnknownDictKey() {
        String json = ZEROPADDING2D_DICT.replace("top_pad", "up_pad");
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, null));
        assertEquals("model.json: layer 'zeropadding2d_1' (ZeroPadding2D): 'padding' expected a dict with keys "
                + "top_pad, bottom_pad, left_pad, right_pad, got {\"up_pad\":1,\"right_pad\":2}", e.getMessage());
    }

    @Test
    void cropping2dUsesTheGlobalDimOrdering() {
        Crop th = only(load(CROPPING2D_TH, null, ImportOptions.defaults().withDimOrdering(DimOrdering.TH)), Crop.class);
        assertArrayEquals(new int[] {0, 0, 1, 0}, th.begin());
        assertArrayEquals(new int[] {0, 0, 2, 3}, th.end());
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> load(CROPPING2D_TH, null, ImportOptions.defaults().withDimOrdering(DimOrdering.TF)));
        assertEquals("model.json: layer 'cropping2d_1' (Cropping2D): cropping (1, 2) leaves nothing of axis 1 "
                + "(size 2) of input (None, 2, 6, 7) with dim ordering 'tf' (Keras 1.2.2 does not save it for this "
                + "layer: is image_dim_ordering right?)", e.getMessage());
    }

    @Test
    void cropping3dCropsThreePairs() {
        ImportedModel m = load(CROPPING3D_TH, null, ImportOptions.defaults().withDimOrdering(DimOrdering.TH));
        Crop crop = only(m, Crop.class);
        assertArrayEquals(new int[] {0, 0, 1, 0, 1}, crop.begin());
        assertArrayEquals(new int[] {0, 0, 0, 2, 1}, crop.end());
        assertEquals("(None, 2, 3, 3, 2)", m.layers().get(0).outputShapes().get(0));
    }

    @Test
    void upSampling2dRepeatsTheSpatialAxes() {
        Upsample up = only(load(UPSAMPLING2D, null, ImportOptions.defaults().withDimOrdering(DimOrdering.TH)),
                Upsample.class);
        assertArrayEquals(new int[] {1, 1, 2, 3}, up.factors());
    }

    @Test
    void upSampling1dRepeatsTheSteps() {
        Upsample up = only(load(UPSAMPLING1D, null), Upsample.class);
        assertArrayEquals(new int[] {1, 3, 1}, up.factors());
    }

    @Test
    void thModelInfersTheGlobalOrderingAndKeepsChannelsLastBetweenLayers() {
        ImportedModel m = load(TH_PAD_CONV_UP_CONV, weights().layer("input_1").layer("zeropadding2d_1")
                .layer("convolution2d_1", ramp("convolution2d_1_W:0", 4, 3, 3, 3), ramp("convolution2d_1_b:0", 4))
                .layer("upsampling2d_1"));
        assertEquals(DimOrdering.TH, m.dimOrdering());
        assertEquals("inferred from the dim_ordering 'th' recorded by layer 'convolution2d_1'", m.dimOrderingReason());
        // padding on the th input, one transpose to channels-last for the conv, upsampling channels-last,
        // one transpose back for the output
        assertEquals(List.of("Pad", "Transpose", "Conv", "Activation", "Upsample", "Transpose"), opNames(m));
        assertArrayEquals(new int[] {1, 2, 3, 1}, only(m, Upsample.class).factors());
        assertEquals("(None, 4, 8, 18)", m.layers().get(3).outputShapes().get(0));
        assertArrayEquals(new int[] {0, 3, 1, 2}, m.taps().get("upsampling2d_1").toKeras());
    }
}
