package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;

/** Imports of models whose input leaves an axis open: what stays open, and what Keras 1.2.2 cannot do either. */
class OpenSizeImportTest {
    private static final String CONV1D = "{\"class_name\": \"Convolution1D\", \"config\": {\"name\": \"convolution1d_1\", "
            + "\"trainable\": true, \"batch_input_shape\": [null, null, 8], \"input_dtype\": \"float32\", \"nb_filter\": 2, "
            + "\"filter_length\": 3, \"init\": \"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"%s\", "
            + "\"subsample_length\": %d, \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, "
            + "\"W_constraint\": null, \"b_constraint\": null, \"bias\": true, \"input_dim\": 8, \"input_length\": null}}";

    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": [" + String.join(", ", layers)
                + "], \"keras_version\": \"1.2.2\"}";
    }

    @Test
    void sameConvolutionWithStrideOneAndPoolingKeepTheAxisOpen() {
        ImportedModel m = load(sequential(String.format(CONV1D, "same", 1), "{\"class_name\": \"MaxPooling1D\", "
                + "\"config\": {\"name\": \"maxpooling1d_1\", \"trainable\": true, \"pool_length\": 2, \"stride\": 2, "
                + "\"border_mode\": \"valid\"}}"), null);
        assertEquals(List.of("(None, None, 2)"), m.layers().get(0).outputShapes());
        assertEquals(List.of("(None, None, 2)"), m.layers().get(1).outputShapes());
    }

    @Test
    void samePaddingWithAStrideOverAnOpenAxisIsUnsupported() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(sequential(String.format(CONV1D, "same", 2)), null));
        assertTrue(e.getMessage().contains("convolution1d_1") && e.getMessage().contains("open (None)"),
                e.getMessage());
    }

    @Test
    void flattenOfAnOpenAxisIsUnsupportedAsInKeras() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(sequential(
                String.format(CONV1D, "valid", 1),
                "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten_1\", \"trainable\": true}}"), null));
        assertEquals("model.json: layer 'flatten_1' (Flatten): the input (None, None, 2) has an open size (None), and "
                + "Flatten needs all sizes (as in Keras 1.2.2); give the input shape (ImportOptions.withInputShape)",
                e.getMessage());
    }

    @Test
    void weightsSizedByAnOpenAxisAreUnsupported() {
        String dense = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": true, "
                + "\"batch_input_shape\": [null, null], \"input_dtype\": \"float32\", \"output_dim\": 3, \"init\": "
                + "\"glorot_uniform\", \"activation\": \"linear\", \"W_regularizer\": null, \"b_regularizer\": null, "
                + "\"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"input_dim\": null}}";
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(sequential(dense), null));
        assertTrue(e.getMessage().contains("dense_1") && e.getMessage().contains("open (None)"), e.getMessage());
    }
}
