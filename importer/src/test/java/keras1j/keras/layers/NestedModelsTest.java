package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.Imports.weights;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportedModel;
import keras1j.runtime.tensor.Tensor;

/**
 * Models used as layers, as Keras 1.2.2's {@code Container.get_config} writes them: a Sequential (its
 * config a list of layers) or a Model inside a functional model, applied at one or several nodes, with
 * all their weights in one group named after them, trainable weights first.
 */
class NestedModelsTest {
    private static final float TOL = 1e-6f;

    private static String dense(String name, int out, String activation, String extra) {
        return "{\"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, " + extra
                + "\"output_dim\": " + out + ", \"init\": \"glorot_uniform\", \"activation\": \"" + activation + "\", "
                + "\"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": "
                + "null, \"b_constraint\": null, \"bias\": true, \"input_dim\": null}}";
    }

    /** Siamese: the Sequential "encoder" (Dense 2->2 relu, BatchNormalization, Dense 2->1) on two inputs, summed. */
    static final String SIAMESE = "{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", \"layers\": ["
            + "{\"name\": \"input_1\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2], "
            + "\"input_dtype\": \"float32\", \"sparse\": false, \"name\": \"input_1\"}, \"inbound_nodes\": []}, "
            + "{\"name\": \"input_2\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2], "
            + "\"input_dtype\": \"float32\", \"sparse\": false, \"name\": \"input_2\"}, \"inbound_nodes\": []}, "
            + "{\"name\": \"encoder\", \"class_name\": \"Sequential\", \"config\": ["
            + dense("dense_1", 2, "relu", "\"batch_input_shape\": [null, 2], \"input_dtype\": \"float32\", ") + ", "
            + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"batchnormalization_1\", \"trainable\": "
            + "true, \"epsilon\": 0.0, \"mode\": 0, \"axis\": -1, \"momentum\": 0.99, \"gamma_regularizer\": null, "
            + "\"beta_regularizer\": null}}, " + dense("dense_2", 1, "linear", "") + "], \"inbound_nodes\": "
            + "[[[\"input_1\", 0, 0]], [[\"input_2\", 0, 0]]]}, {\"name\": \"merge_1\", \"class_name\": \"Merge\", "
            + "\"config\": {\"name\": \"merge_1\", \"mode\": \"sum\", \"mode_type\": \"raw\", \"concat_axis\": -1, "
            + "\"dot_axes\": -1, \"output_shape\": null, \"output_shape_type\": \"raw\", \"output_mask\": null, "
            + "\"output_mask_type\": \"raw\", \"arguments\": {}}, \"inbound_nodes\": [[[\"encoder\", 0, 0], "
            + "[\"encoder\", 1, 0]]]}], \"input_layers\": [[\"input_1\", 0, 0], [\"input_2\", 0, 0]], \"output_layers\": "
            + "[[\"merge_1\", 0, 0], [\"encoder\", 1, 0]]}, \"keras_version\": \"1.2.2\"}";

    /** The encoder group: Keras 1.2.2 lists the trainable weights of every layer, then the non-trainable ones. */
    private static Imports.Weights siameseWeights() {
        return weights().layer("input_1").layer("input_2").layer("encoder",
                weight("dense_1_W", new float[] {1, -1, 2, 1}, 2, 2), weight("dense_1_b", new float[] {0, 1}, 2),
                weight("batchnormalization_1_gamma", new float[] {2, 1}, 2),
                weight("batchnormalization_1_beta", new float[] {0, -1}, 2),
                weight("dense_2_W", new float[] {1, 10}, 2, 1), weight("dense_2_b", new float[] {0.5f}, 1),
                weight("batchnormalization_1_running_mean", new float[] {1, 0}, 2),
                weight("batchnormalization_1_running_std", new float[] {4, 1}, 2)).layer("merge_1");
    }

    /** encoder(x) by hand: relu(x W1 + b1), then (h - mean) / sqrt(var) * gamma + beta, then . W2 + b2. */
    private static float encoder(float x0, float x1) {
        float h0 = Math.max(0, x0 * 1 + x1 * 2);
        float h1 = Math.max(0, x0 * -1 + x1 * 1 + 1);
        float n0 = (h0 - 1) / 2 * 2;
        float n1 = (h1 - 0) / 1 * 1 - 1;
        return n0 * 1 + n1 * 10 + 0.5f;
    }

    @Test
    void sharedNestedSequentialIsAppliedAtEachNodeWithItsGroupedWeights() {
        ImportedModel m = load(SIAMESE, siameseWeights());
        Map<String, Tensor> y = KerasReference.run(m, Map.of("input_1", Tensor.of(new float[] {1, 2}, 1, 2),
                "input_2", Tensor.of(new float[] {3, -1}, 1, 2)));
        assertEquals(List.of("merge_1", "encoder"), m.outputNames());
        assertArrayEquals(new float[] {encoder(1, 2) + encoder(3, -1)}, y.get("merge_1").data(), TOL);
        assertArrayEquals(new float[] {encoder(3, -1)}, y.get("encoder").data(), TOL);
        LayerSummaryAssert.summary(m, "encoder", "Sequential", List.of("(None, 1)", "(None, 1)"), 4 + 2 + 8 + 3);
    }

    @Test
    void nestedWeightThatBelongsToNoInnerLayerIsRejected() {
        Imports.Weights w = siameseWeights();
        w.layer("encoder", weight("dense_9_W", new float[] {1}, 1, 1));
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(SIAMESE, w));
        assertEquals("weights.h5: weight 'dense_9_W' of nested model 'encoder' belongs to none of its layers",
                e.getMessage());
    }

    /** A functional Model (th Convolution2D + UpSampling2D, which saves no dim_ordering) inside a Sequential. */
    static final String MODEL_IN_SEQUENTIAL = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": "
            + "\"Activation\", \"config\": {\"name\": \"activation_1\", \"trainable\": true, \"batch_input_shape\": "
            + "[null, 1, 2, 2], \"input_dtype\": \"float32\", \"activation\": \"linear\"}}, {\"class_name\": \"Model\", "
            + "\"config\": {\"name\": \"inner\", \"layers\": [{\"name\": \"input_1\", \"class_name\": \"InputLayer\", "
            + "\"config\": {\"batch_input_shape\": [null, 1, 2, 2], \"input_dtype\": \"float32\", \"sparse\": false, "
            + "\"name\": \"input_1\"}, \"inbound_nodes\": []}, {\"name\": \"convolution2d_1\", \"class_name\": "
            + "\"Convolution2D\", \"config\": {\"name\": \"convolution2d_1\", \"trainable\": true, \"nb_filter\": 1, "
            + "\"nb_row\": 1, \"nb_col\": 1, \"init\": \"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": "
            + "\"valid\", \"subsample\": [1, 1], \"dim_ordering\": \"th\", \"W_regularizer\": null, \"b_regularizer\": "
            + "null, \"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true}, "
            + "\"inbound_nodes\": [[[\"input_1\", 0, 0]]]}, {\"name\": \"upsampling2d_1\", \"class_name\": "
            + "\"UpSampling2D\", \"config\": {\"name\": \"upsampling2d_1\", \"trainable\": true, \"size\": [1, 2]}, "
            + "\"inbound_nodes\": [[[\"convolution2d_1\", 0, 0]]]}], \"input_layers\": [[\"input_1\", 0, 0]], "
            + "\"output_layers\": [[\"upsampling2d_1\", 0, 0]]}}], \"keras_version\": \"1.2.2\"}";

    @Test
    void nestedModelInASequentialAndItsDimOrderingCount() {
        ImportedModel m = load(MODEL_IN_SEQUENTIAL, weights().layer("activation_1").layer("inner",
                weight("convolution2d_1_W", new float[] {3}, 1, 1, 1, 1),
                weight("convolution2d_1_b", new float[] {1}, 1)));
        assertEquals(DimOrdering.TH, m.dimOrdering(), m.dimOrderingReason());
        Tensor y = KerasReference.run(m, Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertArrayEquals(new int[] {1, 1, 2, 4}, y.shape());
        assertArrayEquals(new float[] {4, 4, 7, 7, 10, 10, 13, 13}, y.data(), TOL);
    }

    @Test
    void sequentialInsideASequentialIsUnsupported() {
        String json = "{\"class_name\": \"Sequential\", \"config\": [" + dense("dense_1", 2, "relu",
                "\"batch_input_shape\": [null, 2], \"input_dtype\": \"float32\", ") + ", {\"class_name\": \"Sequential\", "
                + "\"config\": [" + dense("dense_2", 1, "linear", "\"batch_input_shape\": [null, 2], \"input_dtype\": "
                + "\"float32\", ") + "]}], \"keras_version\": \"1.2.2\"}";
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(json, null));
        assertEquals("model.json: Sequential layer #1 is itself a Sequential model, which Keras 1.2.2 saves without "
                + "its name (the key of its weights): not supported", e.getMessage());
    }
}
