package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.Imports.weights;
import static keras1j.keras.layers.KerasReference.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.ir.Standardize;
import keras1j.runtime.tensor.Tensor;

/**
 * The Keras 1.2.2 layers beyond convolutions, from the layer configurations Keras 1.2.2's
 * {@code to_json()} writes (copied from the {@code keras1-beyond} fixtures), with small hand-made
 * weights and values derived by hand from Keras 1.2.2's definitions, on the Java engine.
 */
class BeyondLayersTest {
    private static final float TOL = 1e-5f;

    /** A Sequential model of one layer: {@code fields} is the layer's config after name and input shape. */
    private static String single(String cls, String name, String batchInputShape, String fields) {
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \""
                + name + "\", \"trainable\": true, \"batch_input_shape\": " + batchInputShape
                + ", \"input_dtype\": \"float32\", " + fields + "}}], \"keras_version\": \"1.2.2\"}";
    }

    private static Tensor x(int[] shape, float... values) {
        return Tensor.of(values, shape);
    }

    private static int[] shape(int... dims) {
        return dims;
    }

    @Test
    void mergeDotOverAxes11IsAGramMatrixOverTime() {
        String json = """
                {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "a", "class_name": \
                "InputLayer", "config": {"batch_input_shape": [null, 5, 3], "input_dtype": "float32", "sparse": false, \
                "name": "a"}, "inbound_nodes": []}, {"name": "b", "class_name": "InputLayer", "config": \
                {"batch_input_shape": [null, 5, 4], "input_dtype": "float32", "sparse": false, "name": "b"}, \
                "inbound_nodes": []}, {"name": "gram", "class_name": "Merge", "config": {"name": "gram", "mode": "dot", \
                "mode_type": "raw", "concat_axis": -1, "dot_axes": [1, 1], "output_shape": null, "output_shape_type": \
                "raw", "output_mask": null, "output_mask_type": "raw", "arguments": {}}, "inbound_nodes": [[["a", 0, 0], \
                ["b", 0, 0]]]}], "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["gram", 0, 0]]}, \
                "keras_version": "1.2.2"}""";
        ImportedModel m = load(json, null);
        float[] a = new float[15];
        a[0] = 1; // a[t=0, 0]
        a[3] = 2; // a[t=1, 0]
        a[5] = 3; // a[t=1, 2]
        float[] b = new float[20];
        b[1] = 1; // b[t=0, 1]
        b[5] = 1; // b[t=1, 1]
        b[7] = 2; // b[t=1, 3]
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", x(shape(1, 5, 3), a));
        in.put("b", x(shape(1, 5, 4), b));
        Tensor y = run(m, in).get("gram");
        // gram[i, j] = sum_t a[t, i] b[t, j]
        float[] expected = new float[12];
        expected[1] = 1 * 1 + 2 * 1;
        expected[3] = 2 * 2;
        expected[2 * 4 + 1] = 3 * 1;
        expected[2 * 4 + 3] = 3 * 2;
        assertArrayEquals(new int[] {1, 3, 4}, y.shape());
        assertArrayEquals(expected, y.data(), TOL);
        assertEquals(List.of("(None, 3, 4)"), m.layers().get(2).outputShapes());
    }

    @Test
    void mergeCosOf2dInputsHasShapeBatchByOneByOneAsKerasComputesIt() {
        String json = """
                {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "left", "class_name": \
                "InputLayer", "config": {"batch_input_shape": [null, 5], "input_dtype": "float32", "sparse": false, \
                "name": "left"}, "inbound_nodes": []}, {"name": "right", "class_name": "InputLayer", "config": \
                {"batch_input_shape": [null, 5], "input_dtype": "float32", "sparse": false, "name": "right"}, \
                "inbound_nodes": []}, {"name": "shared_proj", "class_name": "Dense", "config": {"name": "shared_proj", \
                "trainable": true, "output_dim": 4, "init": "glorot_uniform", "activation": "tanh", "W_regularizer": \
                null, "b_regularizer": null, "activity_regularizer": null, "W_constraint": null, "b_constraint": null, \
                "bias": true, "input_dim": 5}, "inbound_nodes": [[["left", 0, 0]], [["right", 0, 0]]]}, {"name": \
                "cosine", "class_name": "Merge", "config": {"name": "cosine", "mode": "cos", "mode_type": "raw", \
                "concat_axis": -1, "dot_axes": [1, 1], "output_shape": null, "output_shape_type": "raw", "output_mask": \
                null, "output_mask_type": "raw", "arguments": {}}, "inbound_nodes": [[["shared_proj", 0, 0], \
                ["shared_proj", 1, 0]]]}], "input_layers": [["left", 0, 0], ["right", 0, 0]], "output_layers": \
                [["cosine", 0, 0]]}, "keras_version": "1.2.2"}""";
        float[] w = new float[20];
        for (int i = 0; i < 4; i++) {
            w[i * 4 + i] = 1; // the first four features pass through tanh
        }
        ImportedModel m = load(json, weights().layer("shared_proj", weight("shared_proj_W", w, 5, 4),
                weight("shared_proj_b", new float[4], 4)));
        Map<String, Tensor> in = new LinkedHashMap<>();
        // sample 0: parallel (cos 1); sample 1: orthogonal after tanh (cos 0); sample 2: opposite (cos -1)
        in.put("left", x(shape(3, 5), 1, 0, 0, 0, 0, /**/ 1, 1, 0, 0, 0, /**/ 0, 0, 2, 0, 0));
        in.put("right", x(shape(3, 5), 2, 0, 0, 0, 0, /**/ 1, -1, 0, 0, 0, /**/ 0, 0, -1, 0, 0));
        Tensor y = run(m, in).get("cosine");
        assertArrayEquals(new int[] {3, 1, 1}, y.shape(), "Keras 1.2.2 on Theano returns (batch, 1, 1)");
        assertArrayEquals(new float[] {1, 0, -1}, y.data(), TOL);
        assertEquals(List.of("(None, 1, 1)"), m.layers().get(3).outputShapes());
    }

    @Test
    void mergeCosOf3dInputsDividesTheBatchDotsAndExpandsAxis1() {
        String json = """
                {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "a", "class_name": \
                "InputLayer", "config": {"batch_input_shape": [null, 5, 3], "input_dtype": "float32", "sparse": false, \
                "name": "a"}, "inbound_nodes": []}, {"name": "gram", "class_name": "Merge", "config": {"name": "gram", \
                "mode": "cos", "mode_type": "raw", "concat_axis": -1, "dot_axes": [2, 2], "output_shape": null, \
                "output_shape_type": "raw", "output_mask": null, "output_mask_type": "raw", "arguments": {}}, \
                "inbound_nodes": [[["a", 0, 0], ["a", 0, 0]]]}], "input_layers": [["a", 0, 0]], "output_layers": \
                [["gram", 0, 0]]}, "keras_version": "1.2.2"}""";
        ImportedModel m = load(json, null);
        // declared (None, 5, 5); Keras 1.2.2 computes batch_dot(a, a) / max(sqrt(batch_dot(a, a)^2), eps) and
        // expands axis 1
        assertEquals(List.of("(None, 1, 5, 5)"), m.layers().get(1).outputShapes());
        float[][] rows = {{1, 0, 0}, {-1, 2, 0}, {0, 0, 0}, {0, 1, 0}, {2, 0, 0}};
        float[] a = new float[15];
        for (int t = 0; t < 5; t++) {
            System.arraycopy(rows[t], 0, a, t * 3, 3);
        }
        Tensor y = run(m, Map.of("a", x(shape(1, 5, 3), a))).get("gram");
        assertArrayEquals(new int[] {1, 1, 5, 5}, y.shape());
        // with a = b every entry is g / |g| for the Gram entry g = <a_i, a_j>, and 0 where g = 0
        float[] expected = new float[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                float g = 0;
                for (int k = 0; k < 3; k++) {
                    g += rows[i][k] * rows[j][k];
                }
                expected[i * 5 + j] = Math.signum(g);
            }
        }
        assertArrayEquals(expected, y.data(), TOL);
    }

    private static String pairModel(String mode, String dotAxes, String batchShape) {
        return """
                {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "a", "class_name": \
                "InputLayer", "config": {"batch_input_shape": %3$s, "input_dtype": "float32", "sparse": false, \
                "name": "a"}, "inbound_nodes": []}, {"name": "b", "class_name": "InputLayer", "config": \
                {"batch_input_shape": %3$s, "input_dtype": "float32", "sparse": false, "name": "b"}, \
                "inbound_nodes": []}, {"name": "m", "class_name": "Merge", "config": {"name": "m", "mode": "%1$s", \
                "mode_type": "raw", "concat_axis": -1, "dot_axes": %2$s, "output_shape": null, "output_shape_type": \
                "raw", "output_mask": null, "output_mask_type": "raw", "arguments": {}}, "inbound_nodes": [[["a", 0, \
                0], ["b", 0, 0]]]}], "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": [["m", 0, 0]]}, \
                "keras_version": "1.2.2"}""".formatted(mode, dotAxes, batchShape);
    }

    @Test
    void mergeDotOf4dInputsOnTensorFlowMultipliesTheLastTwoAxes() {
        // TensorFlow's batch_dot: one matrix product per (sample, axis-1 index), not the tensordot Keras declares
        ImportedModel m = Imports.load(pairModel("dot", "[3, 2]", "[null, 2, 2, 2]"), null,
                keras1j.keras.ImportOptions.defaults().withBackend(keras1j.keras.Backend.TENSORFLOW));
        assertEquals(List.of("(None, 2, 2, 2)"), m.layers().get(2).outputShapes());
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", x(shape(1, 2, 2, 2), 1, 2, 3, 4, /**/ 0, 1, 1, 0));
        in.put("b", x(shape(1, 2, 2, 2), 1, 0, 0, 1, /**/ 2, 3, 4, 5));
        // [[1, 2], [3, 4]] @ identity; [[0, 1], [1, 0]] @ [[2, 3], [4, 5]] swaps the rows
        assertArrayEquals(new float[] {1, 2, 3, 4, 4, 5, 2, 3}, run(m, in).get("m").data(), TOL);
    }

    @Test
    void mergeDotOfInputsOfTwoRanksOnTensorFlowIsUnsupported() {
        String json = pairModel("dot", "[2, 1]", "[null, 2, 3]").replaceFirst("\\[null, 2, 3\\]", "[null, 2, 3, 1]");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> Imports.load(json, null,
                keras1j.keras.ImportOptions.defaults().withBackend(keras1j.keras.Backend.TENSORFLOW)));
        assertEquals(true, e.getMessage().contains("layer 'm' (Merge)") && e.getMessage().contains("ranks 4 and 3"),
                e.getMessage());
    }

    @Test
    void mergeDotOf4dInputsOnTheanoIsATensordot() {
        ImportedModel m = Imports.load(pairModel("dot", "[3, 3]", "[null, 2, 1, 2]"), null,
                keras1j.keras.ImportOptions.defaults().withBackend(keras1j.keras.Backend.THEANO));
        assertEquals(List.of("(None, 2, 1, 2, 1)"), m.layers().get(2).outputShapes());
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", x(shape(1, 2, 1, 2), 1, 2, 3, 4));
        in.put("b", x(shape(1, 2, 1, 2), 5, 6, 7, 8));
        // y[i, j, k, l] = sum_f a[i, j, f] b[k, l, f]: rows a (1,2), (3,4); b (5,6), (7,8)
        assertArrayEquals(new float[] {17, 23, 39, 53}, run(m, in).get("m").data(), TOL);
    }

    /** Two id inputs of length 4 through Embeddings (output_dim {@code dim}) into a Merge. */
    private static String maskedMerge(String mode, int concatAxis, boolean maskB, int dim) {
        return """
                {"class_name": "Model", "config": {"name": "model_1", "layers": [{"name": "a", "class_name": \
                "InputLayer", "config": {"batch_input_shape": [null, 4], "input_dtype": "int32", "sparse": false, \
                "name": "a"}, "inbound_nodes": []}, {"name": "b", "class_name": "InputLayer", "config": \
                {"batch_input_shape": [null, 4], "input_dtype": "int32", "sparse": false, "name": "b"}, \
                "inbound_nodes": []}, {"name": "ea", "class_name": "Embedding", "config": {"name": "ea", "trainable": \
                true, "input_dim": 3, "output_dim": %4$d, "init": "uniform", "input_length": null, "mask_zero": true, \
                "activity_regularizer": null, "W_regularizer": null, "W_constraint": null, "dropout": 0.0}, \
                "inbound_nodes": [[["a", 0, 0]]]}, {"name": "eb", "class_name": "Embedding", "config": {"name": "eb", \
                "trainable": true, "input_dim": 3, "output_dim": %4$d, "init": "uniform", "input_length": null, \
                "mask_zero": %3$s, "activity_regularizer": null, "W_regularizer": null, "W_constraint": null, \
                "dropout": 0.0}, "inbound_nodes": [[["b", 0, 0]]]}, {"name": "m", "class_name": "Merge", "config": \
                {"name": "m", "mode": "%1$s", "mode_type": "raw", "concat_axis": %2$d, "dot_axes": -1, \
                "output_shape": null, "output_shape_type": "raw", "output_mask": null, "output_mask_type": "raw", \
                "arguments": {}}, "inbound_nodes": [[["ea", 0, 0], ["eb", 0, 0]]]}], "input_layers": [["a", 0, 0], \
                ["b", 0, 0]], "output_layers": [["m", 0, 0]]}, "keras_version": "1.2.2"}\
                """.formatted(mode, concatAxis, maskB, dim);
    }

    private static Imports.Weights embeddings(int dim) {
        return weights().layer("ea", Imports.ramp("ea_W", 3, dim)).layer("eb", Imports.ramp("eb_W", 3, dim));
    }

    @Test
    void mergeMaxOfMaskedInputsIsRefusedAsKerasRefusesIt() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(maskedMerge("max", -1, true, 1), embeddings(1)));
        assertEquals(true, e.getMessage().contains("layer 'm' (Merge)") && e.getMessage().contains("Invalid merge "
                + "mode: max"), e.getMessage());
    }

    @Test
    void mergeMaxOfUnmaskedInputsImports() {
        ImportedModel m = load(maskedMerge("max", -1, false, 1).replace("\"mask_zero\": true", "\"mask_zero\": false"),
                embeddings(1));
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", x(shape(1, 4), 0, 1, 2, 1));
        in.put("b", x(shape(1, 4), 2, 0, 1, 1));
        assertArrayEquals(new float[] {2, 1, 2, 1}, run(m, in).get("m").data(), TOL);
    }

    @Test
    void mergeConcatOfStepsWithAnUnmaskedWideInputIsRefusedAsKerasCannotConcatenateTheMasks() {
        // Keras 1.2.2 concatenates the (batch, 4, 1) mask of 'ea' with ones of (batch, 4, 2) along axis 1
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(maskedMerge("concat", 1, false, 2), embeddings(2)));
        assertEquals(true, e.getMessage().contains("layer 'm' (Merge)") && e.getMessage().contains("(None, 4, 2)"),
                e.getMessage());
    }

    @Test
    void mergeConcatOfFeaturesCarriesTheAndOfTheMasks() {
        ImportedModel m = load(maskedMerge("concat", -1, true, 2), embeddings(2));
        assertEquals(List.of("(None, 4, 4)"), m.layers().get(4).outputShapes());
        assertEquals(2, Imports.ops(m, keras1j.runtime.ir.StepMask.class).size(), "one StepMask per masked Embedding");
        assertEquals(keras1j.runtime.ir.ElementwiseKind.PRODUCT,
                Imports.only(m, keras1j.runtime.ir.Elementwise.class).kind(), "the AND of the two masks");
    }

    private static final String BN_FIELDS = "\"epsilon\": 0.001, \"mode\": %d, \"axis\": -1, \"gamma_regularizer\": null, "
            + "\"beta_regularizer\": null, \"momentum\": 0.99";

    private static Imports.Weights bnWeights(float[] gamma, float[] beta) {
        int n = gamma.length;
        return weights().layer("batchnormalization_1", weight("batchnormalization_1_gamma", gamma, n),
                weight("batchnormalization_1_beta", beta, n),
                weight("batchnormalization_1_running_mean", new float[n], n),
                weight("batchnormalization_1_running_std", new float[n], n));
    }

    @Test
    void batchNormalizationMode1NormalizesEachSampleWithEpsilonTwice() {
        ImportedModel m = load(single("BatchNormalization", "batchnormalization_1", "[null, 4]",
                String.format(BN_FIELDS, 1)), bnWeights(new float[] {1, 1, 1, 2}, new float[] {0, 0, 0.5f, 0}));
        // mean 3, var 3.5: (x - 3) / (sqrt(3.5 + 0.001) + 0.001) * gamma + beta
        float d = (float) (Math.sqrt(3.501) + 0.001);
        Tensor y = run(m, x(shape(1, 4), 1, 2, 3, 6));
        assertArrayEquals(new float[] {-2 / d, -1 / d, 0.5f, 2 * 3 / d}, y.data(), TOL);
        assertEquals(false, only(m).acrossBatch());
    }

    @Test
    void batchNormalizationMode2UsesTheStatisticsOfTheBatchItRuns() {
        ImportedModel m = load(single("BatchNormalization", "batchnormalization_1", "[null, 2]",
                String.format(BN_FIELDS, 2)), bnWeights(new float[] {1, 1}, new float[] {0, 0}));
        // feature 0: values 1, 3 (mean 2, var 1); feature 1: 0, 4 (mean 2, var 4); running statistics unused
        float a = (float) (1 / Math.sqrt(1.001));
        float b = (float) (2 / Math.sqrt(4.001));
        assertArrayEquals(new float[] {-a, -b, a, b}, run(m, x(shape(2, 2), 1, 0, 3, 4)).data(), TOL);
        assertArrayEquals(new float[] {0, 0}, run(m, x(shape(1, 2), 1, 0)).data(), TOL,
                "a batch of one is its own mean");
        assertEquals(true, only(m).acrossBatch());
    }

    private static Standardize only(ImportedModel m) {
        return Imports.only(m, Standardize.class);
    }

    @Test
    void highwayGatesWithTheCarryWeights() {
        ImportedModel m = load(single("Highway", "highway_1", "[null, 2]", "\"init\": \"glorot_uniform\", "
                + "\"activation\": \"relu\", \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": "
                + "null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, \"input_dim\": null"),
                weights().layer("highway_1", weight("highway_1_W", new float[] {1, 0, 0, 1}, 2, 2),
                        weight("highway_1_W_carry", new float[] {0, 0, 0, 0}, 2, 2),
                        weight("highway_1_b", new float[] {0, 0}, 2),
                        weight("highway_1_b_carry", new float[] {0, Float.NEGATIVE_INFINITY}, 2)));
        // t = sigmoid(0) = 0.5 for unit 0: 0.5 relu(2) + 0.5 * 2; t = 0 for unit 1: carries x
        assertArrayEquals(new float[] {2, -2}, run(m, x(shape(1, 2), 2, -2)).data(), TOL);
        assertArrayEquals(new float[] {-1, 3}, run(m, x(shape(1, 2), -2, 3)).data(), TOL);
    }

    @Test
    void maxoutDenseTakesTheLargestPiece() {
        ImportedModel m = load(single("MaxoutDense", "maxoutdense_1", "[null, 2]", "\"output_dim\": 1, \"init\": "
                + "\"glorot_uniform\", \"nb_feature\": 2, \"W_regularizer\": null, \"b_regularizer\": null, "
                + "\"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"input_dim\": 2"),
                weights().layer("maxoutdense_1", weight("maxoutdense_1_W", new float[] {1, 0, 0, 1}, 2, 2, 1),
                        weight("maxoutdense_1_b", new float[] {0, 0.5f}, 2, 1)));
        // max(x0, x1 + 0.5)
        assertArrayEquals(new float[] {2.5f, 1}, run(m, x(shape(2, 2), 1, 2, 1, 0)).data(), TOL);
    }

    @Test
    void thresholdedReluKeepsOnlyValuesAboveTheta() {
        ImportedModel m = load(single("ThresholdedReLU", "thresholdedrelu_1", "[null, 4]",
                "\"theta\": 0.4000000059604645"), null);
        assertArrayEquals(new float[] {0, 0, 0.5f, 0}, run(m, x(shape(1, 4), 0.3f, 0.4f, 0.5f, -1)).data(), TOL);
    }

    @Test
    void sreluUsesTLeftPlusTheAbsoluteTRight() {
        ImportedModel m = load(single("SReLU", "srelu_1", "[null, 3]", "\"t_left_init\": \"zero\", \"a_left_init\": "
                + "\"glorot_uniform\", \"t_right_init\": \"glorot_uniform\", \"a_right_init\": \"one\""),
                weights().layer("srelu_1", weight("srelu_1_t_left", new float[] {0, 0, 0}, 3),
                        weight("srelu_1_a_left", new float[] {0.1f, 0.1f, 0.1f}, 3),
                        weight("srelu_1_t_right", new float[] {1, -1, -1}, 3),
                        weight("srelu_1_a_right", new float[] {2, 2, 2}, 3)));
        // right threshold 0 + |t_right| = 1: left slope 0.1, identity in [0, 1], slope 2 above
        assertArrayEquals(new float[] {-0.1f, 0.5f, 1 + 2 * 2}, run(m, x(shape(1, 3), -1, 0.5f, 3)).data(), TOL);
    }

    @Test
    void parametricSoftplusScalesInsideAndOutside() {
        ImportedModel m = load(single("ParametricSoftplus", "parametricsoftplus_1", "[null, 2]",
                "\"alpha_init\": 0.20000000298023224, \"beta_init\": 5.0"),
                weights().layer("parametricsoftplus_1", weight("parametricsoftplus_1_alphas", new float[] {2, 0.5f}, 2),
                        weight("parametricsoftplus_1_betas", new float[] {1, 2}, 2)));
        // alphas * log(1 + exp(betas * x)) at x = (0, 1)
        assertArrayEquals(new float[] {(float) (2 * Math.log(2)), (float) (0.5 * Math.log1p(Math.exp(2)))},
                run(m, x(shape(1, 2), 0, 1)).data(), TOL);
    }

    @Test
    void sharedAxesAreInferredFromTheSavedParameterShape() {
        // alphas saved as (1, 3): shared over the 2 time steps
        ImportedModel m = load(single("ParametricSoftplus", "parametricsoftplus_1", "[null, 2, 3]",
                "\"alpha_init\": 0.20000000298023224, \"beta_init\": 5.0"),
                weights().layer("parametricsoftplus_1",
                        weight("parametricsoftplus_1_alphas", new float[] {1, 2, 3}, 1, 3),
                        weight("parametricsoftplus_1_betas", new float[] {1, 1, 1}, 1, 3)));
        float s = (float) Math.log(2);
        assertArrayEquals(new float[] {s, 2 * s, 3 * s, s, 2 * s, 3 * s}, run(m, x(shape(1, 2, 3), new float[6])).data(),
                TOL);
        assertEquals(6, m.layers().get(0).parameterCount());
    }

    @Test
    void locallyConnected1dHasOneKernelPerStep() {
        ImportedModel m = load(single("LocallyConnected1D", "locallyconnected1d_1", "[null, 3, 1]", "\"nb_filter\": 1, "
                + "\"filter_length\": 2, \"init\": \"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": "
                + "\"valid\", \"subsample_length\": 1, \"W_regularizer\": null, \"b_regularizer\": null, "
                + "\"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"input_dim\": null, \"input_length\": null"),
                weights().layer("locallyconnected1d_1",
                        weight("locallyconnected1d_1_W", new float[] {1, 10, 100, 1000}, 2, 2, 1),
                        weight("locallyconnected1d_1_b", new float[] {0.5f, 0}, 2, 1)));
        // step 0: 1*1 + 2*10 + 0.5; step 1: 2*100 + 3*1000
        assertArrayEquals(new float[] {21.5f, 3200}, run(m, x(shape(1, 3, 1), 1, 2, 3)).data(), TOL);
    }

    private static final String LC2D_FIELDS = "\"nb_filter\": %d, \"nb_row\": 1, \"nb_col\": %d, \"init\": "
            + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"valid\", \"subsample\": [1, 1], "
            + "\"dim_ordering\": \"%s\", \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, "
            + "\"W_constraint\": null, \"b_constraint\": null, \"bias\": true";

    @Test
    void locallyConnected2dThFlattensPatchesChannelFirst() {
        ImportedModel m = load(single("LocallyConnected2D", "locallyconnected2d_1", "[null, 2, 1, 2]",
                String.format(LC2D_FIELDS, 1, 2, "th")),
                weights().layer("locallyconnected2d_1",
                        weight("locallyconnected2d_1_W", new float[] {1, 10, 100, 1000}, 1, 4, 1),
                        weight("locallyconnected2d_1_b", new float[] {0}, 1, 1, 1)));
        // patch (channel, row, col): c0 = (1, 2), c1 = (3, 4)
        assertArrayEquals(new float[] {1 + 20 + 300 + 4000}, run(m, x(shape(1, 2, 1, 2), 1, 2, 3, 4)).data(), TOL);
    }

    @Test
    void locallyConnected2dThAddsTheBiasAfterARowMajorReshape() {
        ImportedModel m = load(single("LocallyConnected2D", "locallyconnected2d_1", "[null, 1, 2, 3]",
                String.format(LC2D_FIELDS, 2, 1, "th")),
                weights().layer("locallyconnected2d_1",
                        weight("locallyconnected2d_1_W", new float[12], 6, 1, 2),
                        weight("locallyconnected2d_1_b", new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2)));
        // b (2, 3, 2) read row-major as (nb_filter=2, rows=2, cols=3): output[f, r, c] = b_flat[f*6 + r*3 + c]
        Tensor y = run(m, x(shape(1, 1, 2, 3), new float[6]));
        assertArrayEquals(new int[] {1, 2, 2, 3}, y.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, y.data(), TOL);
    }

    @Test
    void locallyConnected2dTfAddsTheBiasPerPosition() {
        ImportedModel m = load(single("LocallyConnected2D", "locallyconnected2d_1", "[null, 2, 3, 1]",
                String.format(LC2D_FIELDS, 2, 1, "tf")),
                weights().layer("locallyconnected2d_1",
                        weight("locallyconnected2d_1_W", new float[12], 6, 1, 2),
                        weight("locallyconnected2d_1_b", new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2)));
        Tensor y = run(m, x(shape(1, 2, 3, 1), new float[6]));
        assertArrayEquals(new int[] {1, 2, 3, 2}, y.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, y.data(), TOL);
    }
}
