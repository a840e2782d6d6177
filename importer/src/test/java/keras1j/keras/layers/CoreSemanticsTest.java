package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.Imports.weights;
import static keras1j.keras.layers.KerasReference.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.tensor.Tensor;

/**
 * Values of core layers for configurations the fixtures do not pin down, hand-derived from Keras
 * 1.2.2's definitions, through {@code KerasModelLoader} and the Java engine; and the configurations
 * Keras 1.2.2 rejects.
 */
class CoreSemanticsTest {
    private static final float TOL = 1e-6f;

    private static String single(String cls, String name, String shape, String body) {
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \""
                + name + "\", \"trainable\": true, \"batch_input_shape\": " + shape + ", \"input_dtype\": \"float32\""
                + (body.isEmpty() ? "" : ", " + body) + "}}], \"keras_version\": \"1.2.2\"}";
    }

    private static final float[] X5 = {-3, -1, 0, 1, 3};

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "linear; -3, -1, 0, 1, 3",
        "relu; 0, 0, 0, 1, 3",
        "hard_sigmoid; 0, 0.3, 0.5, 0.7, 1",
        "sigmoid; 0.047425873, 0.26894142, 0.5, 0.7310586, 0.95257413",
        "tanh; -0.9950548, -0.7615942, 0, 0.7615942, 0.9950548",
        "softplus; 0.04858735, 0.31326169, 0.6931472, 1.3132617, 3.0485873",
        "softsign; -0.75, -0.5, 0, 0.5, 0.75",
        "elu; -0.95021296, -0.63212055, 0, 1, 3"
    })
    void activationFunctionsFollowKeras122(String activation, String expected) {
        ImportedModel m = load(single("Activation", "activation_1", "[null, 5]", "\"activation\": \"" + activation
                + "\""), null);
        assertArrayEquals(floats(expected), run(m, Tensor.of(X5.clone(), 1, 5)).data(), 1e-6f);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "LeakyReLU; \"alpha\": 0.30000001192092896; -0.9, -0.3, 0, 1, 3",
        "LeakyReLU; \"alpha\": 0.05; -0.15, -0.05, 0, 1, 3",
        "ELU; \"alpha\": 1.0; -0.95021296, -0.63212055, 0, 1, 3",
        "ELU; \"alpha\": 0.5; -0.47510648, -0.31606028, 0, 1, 3"
    })
    void advancedActivationsFollowKeras122(String cls, String body, String expected) {
        ImportedModel m = load(single(cls, cls.toLowerCase() + "_1", "[null, 5]", body), null);
        assertArrayEquals(floats(expected), run(m, Tensor.of(X5.clone(), 1, 5)).data(), 1e-6f);
    }

    @Test
    void softmaxOn3dTensorsNormalizesTheLastAxis() {
        ImportedModel m = load(single("Activation", "activation_1", "[null, 2, 3]", "\"activation\": \"softmax\""),
                null);
        float[] x = {0, 1, 2, -1, -1, 5};
        float[] y = run(m, Tensor.of(x.clone(), 1, 2, 3)).data();
        for (int r = 0; r < 2; r++) {
            double sum = 0;
            for (int i = 0; i < 3; i++) {
                sum += Math.exp(x[r * 3 + i]);
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(Math.exp(x[r * 3 + i]) / sum, y[r * 3 + i], 1e-6);
            }
        }
    }

    @Test
    void preluWithSharedAxesBroadcastsTheSavedAlphas() {
        // PReLU(shared_axes=[1, 2]) on (rows, cols, channels): Keras 1.2.2 saves alphas (1, 1, 3), not the axes
        ImportedModel m = load(single("PReLU", "prelu_1", "[null, 2, 2, 3]", "\"init\": \"zero\""),
                weights().layer("prelu_1", weight("prelu_1_alphas", new float[] {0.5f, 0.25f, 2f}, 1, 1, 3)));
        float[] x = {-2, -2, -2, 1, 1, 1, -4, 4, -4, 0, -1, 3};
        float[] expected = {-1, -0.5f, -4, 1, 1, 1, -2, 4, -8, 0, -0.25f, 3};
        assertArrayEquals(expected, run(m, Tensor.of(x, 1, 2, 2, 3)).data(), TOL);
        assertEquals(3, m.layers().get(0).parameterCount());
    }

    @Test
    void preluWithSharedAxesOnThConvolutionOutputs() {
        // th Convolution2D (1x1, identity weights) keeps its output channels-last; alphas (channels, 1, 1)
        String json = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution2D\", \"config\": "
                + "{\"name\": \"convolution2d_1\", \"trainable\": true, \"batch_input_shape\": [null, 2, 2, 2], "
                + "\"input_dtype\": \"float32\", \"nb_filter\": 2, \"nb_row\": 1, \"nb_col\": 1, \"init\": "
                + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"valid\", \"subsample\": [1, 1], "
                + "\"dim_ordering\": \"th\", \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": "
                + "null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": false}}, {\"class_name\": \"PReLU\", "
                + "\"config\": {\"name\": \"prelu_1\", \"trainable\": true, \"init\": \"zero\"}}], \"keras_version\": "
                + "\"1.2.2\"}";
        ImportedModel m = load(json, weights()
                .layer("convolution2d_1", weight("convolution2d_1_W", new float[] {1, 0, 0, 1}, 2, 2, 1, 1))
                .layer("prelu_1", weight("prelu_1_alphas", new float[] {0.5f, 3f}, 2, 1, 1)));
        float[] x = {-2, 4, -6, 8, -1, -1, 1, -3};
        float[] expected = {-1, 4, -3, 8, -3, -3, 1, -9};
        assertArrayEquals(expected, run(m, Tensor.of(x, 1, 2, 2, 2)).data(), TOL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "GlobalMaxPooling3D; th; 7, 8",
        "GlobalAveragePooling3D; th; 3.5, 4.5",
        "GlobalMaxPooling3D; tf; 14, 15",
        "GlobalAveragePooling3D; tf; 7, 8"
    })
    void globalPooling3dReducesTheSpatialAxesOfItsOrdering(String cls, String ordering, String expected) {
        // th: channel 0 holds 0..7, channel 1 holds 1..8; tf: values 0..15 with the channel varying fastest
        String shape = "[null, 2, 2, 2, 2]";
        ImportedModel m = load(single(cls, cls.toLowerCase() + "_1", shape, "\"dim_ordering\": \"" + ordering + "\""),
                null);
        float[] x = new float[16];
        for (int i = 0; i < 16; i++) {
            x[i] = ordering.equals("th") ? i % 8 + (i / 8) : i;
        }
        assertArrayEquals(floats(expected), run(m, Tensor.of(x, 1, 2, 2, 2, 2)).data(), TOL);
    }

    private static String threeInputMerge(String mode) {
        StringBuilder sb = new StringBuilder("{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", "
                + "\"layers\": [");
        for (int i = 1; i <= 3; i++) {
            sb.append("{\"name\": \"input_").append(i).append("\", \"class_name\": \"InputLayer\", \"config\": "
                    + "{\"batch_input_shape\": [null, 3], \"input_dtype\": \"float32\", \"sparse\": false, \"name\": "
                    + "\"input_").append(i).append("\"}, \"inbound_nodes\": []}, ");
        }
        sb.append("{\"name\": \"merge_1\", \"class_name\": \"Merge\", \"config\": {\"name\": \"merge_1\", \"mode\": \"")
                .append(mode).append("\", \"mode_type\": \"raw\", \"concat_axis\": -1, \"dot_axes\": -1, "
                        + "\"output_shape\": null, \"output_shape_type\": \"raw\", \"output_mask\": null, "
                        + "\"output_mask_type\": \"raw\", \"arguments\": {}}, \"inbound_nodes\": [[[\"input_1\", 0, 0], "
                        + "[\"input_2\", 0, 0], [\"input_3\", 0, 0]]]}], \"input_layers\": [[\"input_1\", 0, 0], "
                        + "[\"input_2\", 0, 0], [\"input_3\", 0, 0]], \"output_layers\": [[\"merge_1\", 0, 0]]}, "
                        + "\"keras_version\": \"1.2.2\"}");
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "sum; 1, 3, 1",
        "mul; -9, 0, 8",
        "ave; 0.33333334, 1, 0.33333334",
        "max; 3, 2, 4",
        "concat; 1, 2, -1, -3, 0, 4, 3, 1, -2"
    })
    void mergeOfThreeInputsFollowsKeras122(String mode, String expected) {
        ImportedModel m = load(threeInputMerge(mode), null);
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("input_1", Tensor.of(new float[] {1, 2, -1}, 1, 3));
        in.put("input_2", Tensor.of(new float[] {-3, 0, 4}, 1, 3));
        in.put("input_3", Tensor.of(new float[] {3, 1, -2}, 1, 3));
        assertArrayEquals(floats(expected), KerasReference.run(m, in).get("merge_1").data(), TOL);
    }

    @Test
    void concatenatingAlongTheBatchAxisIsUnsupported() {
        String json = threeInputMerge("concat").replace("\"concat_axis\": -1", "\"concat_axis\": 0");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(json, null));
        assertEquals("model.json: layer 'merge_1' (Merge): 'concat_axis' = 0 is not supported: Keras 1.2.2 would "
                + "concatenate along the batch axis", e.getMessage());
    }

    @Test
    void flattenOfA2dTensorIsRejectedAsKerasDoes() {
        String json = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dropout\", \"config\": {\"name\": "
                + "\"dropout_1\", \"trainable\": true, \"batch_input_shape\": [null, 4], \"input_dtype\": \"float32\", "
                + "\"p\": 0.5}}, {\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten_1\", \"trainable\": "
                + "true}}], \"keras_version\": \"1.2.2\"}";
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(json, null));
        assertEquals("model.json: layer 'flatten_1' (Flatten): expects an input of rank >= 3 (batch included), got "
                + "shape (None, 4)", e.getMessage());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "Dropout; \"p\": -0.5",
        "Dropout; \"p\": 1.0",
        "GaussianDropout; \"p\": 0.3",
        "GaussianNoise; \"sigma\": 2.5",
        "ActivityRegularization; \"l1\": 0.01, \"l2\": 0.0"
    })
    void trainingOnlyLayersAreTheIdentityAtInference(String cls, String body) {
        ImportedModel m = load(single(cls, cls.toLowerCase() + "_1", "[null, 5]", body), null);
        assertArrayEquals(X5, run(m, Tensor.of(X5.clone(), 1, 5)).data());
    }

    @Test
    void reshapeAndPermuteOfThConvolutionOutputsUseKerasLayout() {
        // th Convolution2D 1x1 with identity weights: output == input (channels, rows, cols) = (2, 3, 3),
        // held channels-last by the importer; Reshape((-1, 3)) reads it in Keras (channel-major) order
        String json = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution2D\", \"config\": "
                + "{\"name\": \"convolution2d_1\", \"trainable\": true, \"batch_input_shape\": [null, 2, 3, 3], "
                + "\"input_dtype\": \"float32\", \"nb_filter\": 2, \"nb_row\": 1, \"nb_col\": 1, \"init\": "
                + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"valid\", \"subsample\": [1, 1], "
                + "\"dim_ordering\": \"th\", \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": "
                + "null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": false}}, {\"class_name\": \"Reshape\", "
                + "\"config\": {\"name\": \"reshape_1\", \"trainable\": true, \"target_shape\": [-1, 3]}}, "
                + "{\"class_name\": \"Permute\", \"config\": {\"name\": \"permute_1\", \"trainable\": true, \"dims\": "
                + "[2, 1]}}, {\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten_1\", \"trainable\": true}}], "
                + "\"keras_version\": \"1.2.2\"}";
        ImportedModel m = load(json, weights()
                .layer("convolution2d_1", weight("convolution2d_1_W", new float[] {1, 0, 0, 1}, 2, 2, 1, 1)));
        float[] x = new float[18];
        for (int i = 0; i < 18; i++) {
            x[i] = i;
        }
        // reshape (6, 3): r[i][j] = x[i*3 + j]; permute: p[j][i] = r[i][j]; flatten: y[j*6 + i] = x[i*3 + j]
        float[] expected = new float[18];
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 3; j++) {
                expected[j * 6 + i] = x[i * 3 + j];
            }
        }
        assertEquals("(None, 6, 3)", m.layers().get(1).outputShapes().get(0));
        assertArrayEquals(expected, run(m, Tensor.of(x, 1, 2, 3, 3)).data(), TOL);
    }

    @Test
    void modelOutputThatIsAlsoAnIntermediateLayer() {
        String json = "{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", \"layers\": [{\"name\": "
                + "\"input_1\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2], "
                + "\"input_dtype\": \"float32\", \"sparse\": false, \"name\": \"input_1\"}, \"inbound_nodes\": []}, "
                + "{\"name\": \"dense_1\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": "
                + "true, \"output_dim\": 2, \"init\": \"glorot_uniform\", \"activation\": \"relu\", \"W_regularizer\": "
                + "null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, "
                + "\"b_constraint\": null, \"bias\": true, \"input_dim\": 2}, \"inbound_nodes\": [[[\"input_1\", 0, 0]]]}, "
                + "{\"name\": \"dense_2\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_2\", \"trainable\": "
                + "true, \"output_dim\": 1, \"init\": \"glorot_uniform\", \"activation\": \"linear\", \"W_regularizer\": "
                + "null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, "
                + "\"b_constraint\": null, \"bias\": false, \"input_dim\": 2}, \"inbound_nodes\": [[[\"dense_1\", 0, 0]]]}], "
                + "\"input_layers\": [[\"input_1\", 0, 0]], \"output_layers\": [[\"dense_1\", 0, 0], [\"dense_2\", 0, "
                + "0]]}, \"keras_version\": \"1.2.2\"}";
        ImportedModel m = load(json, weights().layer("input_1")
                .layer("dense_1", weight("dense_1_W", new float[] {1, -1, 2, 1}, 2, 2),
                        weight("dense_1_b", new float[] {0, 0.5f}, 2))
                .layer("dense_2", weight("dense_2_W", new float[] {3, -2}, 2, 1)));
        Map<String, Tensor> y = KerasReference.run(m, Map.of("input_1", Tensor.of(new float[] {1, 2}, 1, 2)));
        // dense_1 = relu([1*1 + 2*2, 1*-1 + 2*1 + 0.5]) = [5, 1.5]; dense_2 = 5*3 - 1.5*2 = 12
        assertArrayEquals(new float[] {5, 1.5f}, y.get("dense_1").data(), TOL);
        assertArrayEquals(new float[] {12}, y.get("dense_2").data(), TOL);
    }

    /** th Convolution2D 1x1 with identity weights on (2, 2, 3): output == input, held channels-last. */
    private static String thIdentityConvThen(String cls, String body) {
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution2D\", \"config\": "
                + "{\"name\": \"convolution2d_1\", \"trainable\": true, \"batch_input_shape\": [null, 2, 2, 3], "
                + "\"input_dtype\": \"float32\", \"nb_filter\": 2, \"nb_row\": 1, \"nb_col\": 1, \"init\": "
                + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"valid\", \"subsample\": [1, 1], "
                + "\"dim_ordering\": \"th\", \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": "
                + "null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": false}}, {\"class_name\": \"" + cls
                + "\", \"config\": {\"name\": \"" + cls.toLowerCase() + "_1\", \"trainable\": true, " + body + "}}], "
                + "\"keras_version\": \"1.2.2\"}";
    }

    private static final float[] X223 = {1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6};

    @Test
    void batchNormalizationOnASpatialAxisOfAThTensor() {
        // axis 2 of (channels 2, rows 2, cols 3): one (gamma, beta, mean, variance) per row
        String json = thIdentityConvThen("BatchNormalization", "\"epsilon\": 0.25, \"mode\": 0, \"axis\": 2, "
                + "\"momentum\": 0.99, \"gamma_regularizer\": null, \"beta_regularizer\": null");
        ImportedModel m = load(json, weights()
                .layer("convolution2d_1", weight("convolution2d_1_W", new float[] {1, 0, 0, 1}, 2, 2, 1, 1))
                .layer("batchnormalization_1", weight("batchnormalization_1_gamma", new float[] {2, 1}, 2),
                        weight("batchnormalization_1_beta", new float[] {0, 10}, 2),
                        weight("batchnormalization_1_running_mean", new float[] {1, 0}, 2),
                        weight("batchnormalization_1_running_std", new float[] {0.75f, 3.75f}, 2)));
        // row 0: (x - 1) / sqrt(1) * 2; row 1: x / sqrt(4) + 10
        float[] expected = {0, 2, 4, 12, 12.5f, 13, -4, -6, -8, 8, 7.5f, 7};
        assertArrayEquals(expected, run(m, Tensor.of(X223.clone(), 1, 2, 2, 3)).data(), TOL);
    }

    @Test
    void denseOnAThTensorContractsItsLastKerasAxis() {
        // Keras K.dot on (channels, rows, cols) contracts cols, whatever layout the value is held in
        String json = thIdentityConvThen("Dense", "\"output_dim\": 1, \"init\": \"glorot_uniform\", \"activation\": "
                + "\"linear\", \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, "
                + "\"W_constraint\": null, \"b_constraint\": null, \"bias\": true, \"input_dim\": 3");
        ImportedModel m = load(json, weights()
                .layer("convolution2d_1", weight("convolution2d_1_W", new float[] {1, 0, 0, 1}, 2, 2, 1, 1))
                .layer("dense_1", weight("dense_1_W", new float[] {1, 10, 100}, 3, 1),
                        weight("dense_1_b", new float[] {0.5f}, 1)));
        assertEquals("(None, 2, 2, 1)", m.layers().get(1).outputShapes().get(0));
        assertArrayEquals(new float[] {321.5f, 654.5f, -320.5f, -653.5f},
                run(m, Tensor.of(X223.clone(), 1, 2, 2, 3)).data(), TOL);
    }

    @Test
    void timeDistributedDenseIsDenseOnEachTimestep() {
        ImportedModel m = load(single("TimeDistributedDense", "timedistributeddense_1", "[null, 2, 3]",
                "\"output_dim\": 1, \"init\": \"glorot_uniform\", \"activation\": \"relu\", \"W_regularizer\": null, "
                        + "\"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, "
                        + "\"b_constraint\": null, \"bias\": true, \"input_dim\": 3, \"input_length\": 2"),
                weights().layer("timedistributeddense_1", weight("timedistributeddense_1_W", new float[] {1, 10, 100},
                        3, 1), weight("timedistributeddense_1_b", new float[] {-5}, 1)));
        // step 0: 1 + 20 + 300 - 5; step 1: relu(-1 - 10 - 100 - 5) = 0
        assertArrayEquals(new float[] {316, 0}, run(m, Tensor.of(new float[] {1, 2, 3, -1, -1, -1}, 1, 2, 3))
                .data(), TOL);
    }

    @ParameterizedTest(name = "{0} {2}")
    @CsvSource(delimiter = ';', value = {
        "Cropping2D; [null, 5, 5, 2]; \"cropping\": [1, 2]",
        "Cropping3D; [null, 5, 5, 5, 2]; \"cropping\": [[1, 1], [1, 1]]",
        "UpSampling2D; [null, 5, 5, 2]; \"size\": 2",
        "ZeroPadding2D; [null, 5, 5, 2]; \"padding\": [1, 2, 3]",
        "ZeroPadding2D; [null, 5, 5, 2]; \"padding\": {\"top\": 1}",
        "ZeroPadding3D; [null, 5, 5, 5, 2]; \"padding\": {\"left_pad\": 1}",
        "ZeroPadding1D; [null, 5, 2]; \"padding\": [1, 2, 3]"
    })
    void spatialArgumentFormsKeras122RejectsAreInvalid(String cls, String shape, String body) {
        assertThrows(InvalidModelException.class, () -> load(single(cls, cls.toLowerCase() + "_1", shape, body), null));
    }

    private static float[] floats(String csv) {
        String[] parts = csv.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i].trim());
        }
        return v;
    }
}
