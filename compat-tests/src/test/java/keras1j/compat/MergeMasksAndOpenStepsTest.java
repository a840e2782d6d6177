package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import keras1j.keras.Backend;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxExporter;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * Keras 1.2.2 semantics beyond the fixtures, each with values derived by hand, on the Java engine and
 * on ONNX Runtime at the lowest and highest opset: masks through a multi-input {@code Merge}
 * ({@code Merge.compute_mask}) honoured by a recurrent layer after it, {@code cos} and {@code dot} of
 * 3D inputs ({@code batch_dot} of the backend, {@code cos} expanded at axis 1), and
 * {@code TimeDistributed(Flatten/Reshape)} with an open number of steps.
 */
class MergeMasksAndOpenStepsTest {
    private static final float TOL = 1e-5f;

    // ---------------------------------------------------------------- JSON in Keras 1.2.2's to_json() form

    private static String model(List<String> layers, String inputs, String outputs) {
        return "{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", \"layers\": [" + String.join(", ", layers)
                + "], \"input_layers\": " + inputs + ", \"output_layers\": " + outputs + "}, \"keras_version\": "
                + "\"1.2.2\"}";
    }

    private static String input(String name, String batchShape) {
        return "{\"name\": \"" + name + "\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": "
                + batchShape + ", \"input_dtype\": \"float32\", \"sparse\": false, \"name\": \"" + name + "\"}, "
                + "\"inbound_nodes\": []}";
    }

    private static String embedding(String name, String from, boolean maskZero) {
        return "{\"name\": \"" + name + "\", \"class_name\": \"Embedding\", \"config\": {\"name\": \"" + name + "\", "
                + "\"trainable\": true, \"input_dim\": 3, \"output_dim\": 1, \"init\": \"uniform\", \"input_length\": "
                + "null, \"mask_zero\": " + maskZero + ", \"activity_regularizer\": null, \"W_regularizer\": null, "
                + "\"W_constraint\": null, \"dropout\": 0.0}, \"inbound_nodes\": [[[\"" + from + "\", 0, 0]]]}";
    }

    private static String merge(String name, String mode, int concatAxis, String dotAxes, String... from) {
        List<String> in = new ArrayList<>();
        for (String f : from) {
            in.add("[\"" + f + "\", 0, 0]");
        }
        return "{\"name\": \"" + name + "\", \"class_name\": \"Merge\", \"config\": {\"name\": \"" + name + "\", "
                + "\"mode\": \"" + mode + "\", \"mode_type\": \"raw\", \"concat_axis\": " + concatAxis + ", "
                + "\"dot_axes\": " + dotAxes + ", \"output_shape\": null, \"output_shape_type\": \"raw\", "
                + "\"output_mask\": null, \"output_mask_type\": \"raw\", \"arguments\": {}}, \"inbound_nodes\": [["
                + String.join(", ", in) + "]]}";
    }

    private static String simpleRnn(String name, String from, int inputDim) {
        return "{\"name\": \"" + name + "\", \"class_name\": \"SimpleRNN\", \"config\": {\"name\": \"" + name + "\", "
                + "\"trainable\": true, \"return_sequences\": true, \"go_backwards\": false, \"stateful\": false, "
                + "\"unroll\": false, \"consume_less\": \"cpu\", \"input_dim\": " + inputDim + ", \"input_length\": "
                + "null, \"output_dim\": 1, \"init\": \"glorot_uniform\", \"inner_init\": \"orthogonal\", "
                + "\"activation\": \"linear\", \"W_regularizer\": null, \"U_regularizer\": null, \"b_regularizer\": "
                + "null, \"dropout_W\": 0.0, \"dropout_U\": 0.0}, \"inbound_nodes\": [[[\"" + from + "\", 0, 0]]]}";
    }

    private static ImportedModel load(String json, Map<String, List<NamedWeight>> weights, ImportOptions options) {
        KerasModelSource src = new KerasModelSource(Path.of("model.json"), Optional.of("1.2.2"), json,
                Optional.of(WeightStore.inMemory(Path.of("weights.h5"), new LinkedHashMap<>(weights))));
        return KerasModelLoader.load(src, options);
    }

    private static NamedWeight w(String name, float[] values, int... shape) {
        return new NamedWeight(name, Tensor.of(values, shape));
    }

    /** Runs {@code m} on the Java engine and on ONNX Runtime at opsets 13 and 17; each output must be {@code expected}. */
    private static void assertOnBothEngines(ImportedModel m, Map<String, Tensor> in, String output, int[] shape,
            float[] expected) {
        List<String> engines = new ArrayList<>();
        try (Engine java = JavaEngine.create(m.graph())) {
            check("java", java.predict(in).get(output), shape, expected);
            engines.add("java");
        }
        for (int opset : new int[] {OnnxExportOptions.MIN_OPSET, OnnxExportOptions.MAX_OPSET}) {
            try (Engine ort = OnnxRuntimeEngine.create(m.graph(), OnnxExportOptions.defaults().withOpset(opset), 1)) {
                check("onnxruntime opset " + opset, ort.predict(in).get(output), shape, expected);
                engines.add("onnxruntime " + opset);
            }
        }
        assertEquals(3, engines.size());
    }

    private static void check(String engine, Tensor y, int[] shape, float[] expected) {
        assertArrayEquals(shape, y.shape(), engine);
        for (int i = 0; i < expected.length; i++) {
            float tol = TOL * Math.max(1f, Math.abs(expected[i]));
            assertTrue(Math.abs(expected[i] - y.data()[i]) <= tol, engine + " at " + i + ": expected " + expected[i]
                    + ", got " + y.data()[i]);
        }
    }

    private static Map<String, Tensor> ids(int length, float[] a, float[] b) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.of(java.util.Arrays.copyOf(a, length), 1, length));
        in.put("b", Tensor.of(java.util.Arrays.copyOf(b, length), 1, length));
        return in;
    }

    // ---------------------------------------------------------------- masks through Merge

    /*
     * Embedding ea: id 0 -> 7, 1 -> 1, 2 -> 2; eb: 0 -> 5, 1 -> 10, 2 -> 20 (a masked id still has a
     * vector, so a mask that is lost changes the numbers). a = 1 0 2 1 (mask 1 0 1 1), b = 2 1 0 1
     * (mask 1 1 0 1). SimpleRNN, linear, W = 1 (per feature), U = 1, b = 0: h_t = sum x_t + h_{t-1}; a
     * masked step keeps h and repeats the previous output.
     */
    private static final float[] IDS_A = {1, 0, 2, 1};
    private static final float[] IDS_B = {2, 1, 0, 1};

    private static Map<String, List<NamedWeight>> maskWeights(int rnnInputs) {
        float[] ones = new float[rnnInputs];
        java.util.Arrays.fill(ones, 1f);
        Map<String, List<NamedWeight>> m = new LinkedHashMap<>();
        m.put("ea", List.of(w("ea_W", new float[] {7, 1, 2}, 3, 1)));
        m.put("eb", List.of(w("eb_W", new float[] {5, 10, 20}, 3, 1)));
        m.put("rnn", List.of(w("rnn_W", ones, rnnInputs, 1), w("rnn_U", new float[] {1}, 1, 1),
                w("rnn_b", new float[] {0}, 1)));
        return m;
    }

    private static ImportedModel maskedMerge(String mode, int concatAxis, boolean maskB, String length, int rnnInputs) {
        String shape = "[null, " + length + "]";
        return load(model(List.of(input("a", shape), input("b", shape), embedding("ea", "a", true),
                embedding("eb", "b", maskB), merge("m", mode, concatAxis, "-1", "ea", "eb"), simpleRnn("rnn", "m",
                        rnnInputs)), "[[\"a\", 0, 0], [\"b\", 0, 0]]", "[[\"rnn\", 0, 0]]"),
                maskWeights(rnnInputs), ImportOptions.defaults());
    }

    @Test
    void sumOfTwoMaskedBranchesMasksTheStepsEitherMasks() {
        // x = 21 17 7 11; mask 1 0 0 1: 21, (21), (21), 32 (unmasked it would be 21 38 45 56)
        ImportedModel m = maskedMerge("sum", -1, true, "4", 1);
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 4, 1}, new float[] {21, 21, 21, 32});
    }

    @Test
    void sumWithOneUnmaskedBranchKeepsTheOtherMask() {
        // mask of a only, 1 0 1 1: 21, (21), 28, 39
        ImportedModel m = maskedMerge("sum", -1, false, "4", 1);
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 4, 1}, new float[] {21, 21, 28, 39});
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"mul", "ave"})
    void mulAndAveAlsoAndTheMasks(String mode) {
        // x = 1*20, 7*10, 2*5, 1*10 = 20 70 10 10 (mul) or half of 21 17 7 11 (ave); mask 1 0 0 1
        ImportedModel m = maskedMerge(mode, -1, true, "4", 1);
        float[] expected = mode.equals("mul") ? new float[] {20, 20, 20, 30} : new float[] {10.5f, 10.5f, 10.5f, 16};
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 4, 1}, expected);
    }

    @Test
    void sumOfMaskedBranchesWithAnOpenLengthRunsAtTwoLengths() {
        ImportedModel m = maskedMerge("sum", -1, true, "null", 1);
        assertEquals(List.of("(None, None, 1)"), m.layers().get(m.layers().size() - 1).outputShapes());
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 4, 1}, new float[] {21, 21, 21, 32});
        // a = 1 0, b = 2 1: x = 21 17, mask 1 0
        assertOnBothEngines(m, ids(2, IDS_A, IDS_B), "rnn", new int[] {1, 2, 1}, new float[] {21, 21});
    }

    @Test
    void concatOfFeaturesAndsTheMasks() {
        // (ea, eb) per step, W = (1, 1): the same sums as 'sum', mask 1 0 0 1
        ImportedModel m = maskedMerge("concat", -1, true, "4", 2);
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 4, 1}, new float[] {21, 21, 21, 32});
    }

    @Test
    void concatOfStepsPutsTheMasksOneAfterTheOther() {
        // x = 1 7 2 1 | 20 10 5 10, mask 1 0 1 1 | 1 1 0 1: 1 (1) 3 4 24 34 (34) 44
        ImportedModel m = maskedMerge("concat", 1, true, "4", 1);
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 8, 1},
                new float[] {1, 1, 3, 4, 24, 34, 34, 44});
    }

    @Test
    void concatOfStepsCountsAnUnmaskedInputAsAllOnes() {
        // mask 1 0 1 1 | 1 1 1 1 (b unmasked, one feature): 1 (1) 3 4 24 34 39 49
        ImportedModel m = maskedMerge("concat", 1, false, "4", 1);
        assertOnBothEngines(m, ids(4, IDS_A, IDS_B), "rnn", new int[] {1, 8, 1},
                new float[] {1, 1, 3, 4, 24, 34, 39, 49});
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"sum", "concat"})
    void anLstmAfterTheMergeRepeatsItsOutputAtEveryMergedMaskedStep(String mode) {
        // the brief's example: two Embedding(mask_zero) branches, Merge, LSTM (random weights, tanh, hard_sigmoid)
        String shape = "[null, 4]";
        String lstm = "{\"name\": \"rnn\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"rnn\", \"trainable\": "
                + "true, \"return_sequences\": true, \"go_backwards\": false, \"stateful\": false, \"unroll\": false, "
                + "\"consume_less\": \"gpu\", \"input_dim\": 2, \"input_length\": null, \"output_dim\": 3, \"init\": "
                + "\"glorot_uniform\", \"inner_init\": \"orthogonal\", \"forget_bias_init\": \"one\", \"activation\": "
                + "\"tanh\", \"inner_activation\": \"hard_sigmoid\", \"W_regularizer\": null, \"U_regularizer\": null, "
                + "\"b_regularizer\": null, \"dropout_W\": 0.0, \"dropout_U\": 0.0}, \"inbound_nodes\": [[[\"m\", 0, 0]]]}";
        int dim = mode.equals("sum") ? 2 : 1;
        String json = model(List.of(input("a", shape), input("b", shape),
                embedding("ea", "a", true).replace("\"output_dim\": 1", "\"output_dim\": " + dim),
                embedding("eb", "b", true).replace("\"output_dim\": 1", "\"output_dim\": " + dim),
                merge("m", mode, -1, "-1", "ea", "eb"), lstm), "[[\"a\", 0, 0], [\"b\", 0, 0]]", "[[\"rnn\", 0, 0]]");
        java.util.Random r = new java.util.Random(5);
        Map<String, List<NamedWeight>> weights = new LinkedHashMap<>();
        weights.put("ea", List.of(w("ea_W", values(r, 3 * dim), 3, dim)));
        weights.put("eb", List.of(w("eb_W", values(r, 3 * dim), 3, dim)));
        weights.put("rnn", List.of(w("rnn_W", values(r, 2 * 12), 2, 12), w("rnn_U", values(r, 3 * 12), 3, 12),
                w("rnn_b", values(r, 12), 12)));
        ImportedModel m = load(json, weights, ImportOptions.defaults());
        Map<String, Tensor> in = ids(4, IDS_A, IDS_B); // merged mask 1 0 0 1
        Tensor java;
        try (Engine e = JavaEngine.create(m.graph())) {
            java = e.predict(in).get("rnn");
        }
        float[] y = java.data();
        for (int u = 0; u < 3; u++) {
            assertEquals(y[u], y[3 + u], "step 1 is masked: the output of step 0 again");
            assertEquals(y[u], y[6 + u], "step 2 is masked: the output of step 0 again");
            assertTrue(y[9 + u] != y[u], "step 3 is read");
        }
        assertOnBothEngines(m, in, "rnn", new int[] {1, 4, 3}, y);
    }

    private static float[] values(java.util.Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() - 0.5f;
        }
        return v;
    }

    // ---------------------------------------------------------------- cos and dot beyond 2D

    private static ImportedModel pair(String mode, String dotAxes, String batchShape, Backend backend) {
        return load(model(List.of(input("a", batchShape), input("b", batchShape), merge("m", mode, -1, dotAxes, "a",
                "b")), "[[\"a\", 0, 0], [\"b\", 0, 0]]", "[[\"m\", 0, 0]]"), Map.of(),
                ImportOptions.defaults().withBackend(backend));
    }

    /** a rows (1, 0), (1, 1); b rows (2, 0), (0, 3). */
    private static Map<String, Tensor> rows() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.of(new float[] {1, 0, 1, 1}, 1, 2, 2));
        in.put("b", Tensor.of(new float[] {2, 0, 0, 3}, 1, 2, 2));
        return in;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"THEANO", "TENSORFLOW"})
    void cosOf3dInputsDividesBatchDotsAndExpandsAxis1(String backend) {
        // <a_i, b_j> = 2 0 / 2 3; <a_i, a_j> = 1 1 / 1 2; <b_i, b_j> = 4 0 / 0 9;
        // sqrt(aa * bb) = 2 0 / 0 sqrt(18), at least 1e-7: 1, 0 / 1e-7, 2 / 1e-7, 3 / sqrt(18)
        ImportedModel m = pair("cos", "[2, 2]", "[null, 2, 2]", Backend.valueOf(backend));
        assertEquals(List.of("(None, 1, 2, 2)"), m.layers().get(2).outputShapes());
        assertOnBothEngines(m, rows(), "m", new int[] {1, 1, 2, 2},
                new float[] {1, 0, 2f / 1e-7f, (float) (3 / Math.sqrt(18))});
    }

    @Test
    void dotOf3dInputsWithNegativeAxesFollowsTheBackend() {
        // Theano contracts the features: <a_i, b_j> = 2 0 / 2 3
        assertOnBothEngines(pair("dot", "[-1, -1]", "[null, 2, 2]", Backend.THEANO), rows(), "m",
                new int[] {1, 2, 2}, new float[] {2, 0, 2, 3});
        // TensorFlow transposes a (its axis is not ndim - 1 as written) and not b: sum_t a[t, i] b[t, j]
        assertOnBothEngines(pair("dot", "[-1, -1]", "[null, 2, 2]", Backend.TENSORFLOW), rows(), "m",
                new int[] {1, 2, 2}, new float[] {2, 3, 0, 3});
    }

    @Test
    void dotOf4dInputsOnTensorFlowMultipliesTheLastTwoAxesAndCosFollows() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", Tensor.of(new float[] {1, 2, 3, 4, 0, 1, 1, 0}, 1, 2, 2, 2));
        in.put("b", Tensor.of(new float[] {1, 0, 0, 1, 2, 3, 4, 5}, 1, 2, 2, 2));
        // per index of axis 1: a[l] @ b[l] (dot_axes (3, 2): neither input transposed)
        assertOnBothEngines(pair("dot", "[3, 2]", "[null, 2, 2, 2]", Backend.TENSORFLOW), in, "m",
                new int[] {1, 2, 2, 2}, new float[] {1, 2, 3, 4, 4, 5, 2, 3});
        // dot_axes 3 (kept as (3, 3)): b transposed, a[l] @ b[l]^T; cos divides by sqrt((a a^T) * (b b^T))
        // l = 0: ab = a0 (b0 = I), aa = [[5, 11], [11, 25]], bb = I, aa * bb = diag(5, 25):
        //        1/sqrt(5), 2/1e-7, 3/1e-7, 4/5
        // l = 1: ab = [[3, 5], [2, 4]], aa = I, bb = [[13, 23], [23, 41]], aa * bb = diag(13, 41):
        //        3/sqrt(13), 5/1e-7, 2/1e-7, 4/sqrt(41)
        assertOnBothEngines(pair("cos", "[3, 3]", "[null, 2, 2, 2]", Backend.TENSORFLOW), in, "m",
                new int[] {1, 1, 2, 2, 2}, new float[] {(float) (1 / Math.sqrt(5)), 2f / 1e-7f, 3f / 1e-7f, 0.8f,
                    (float) (3 / Math.sqrt(13)), 5f / 1e-7f, 2f / 1e-7f, (float) (4 / Math.sqrt(41))});
    }

    @Test
    void dotOverFeaturesOfOpenLengthSequencesRunsAtTwoLengths() {
        ImportedModel m = pair("dot", "[2, 2]", "[null, null, 2]", Backend.THEANO);
        assertEquals(List.of("(None, None, None)"), m.layers().get(2).outputShapes());
        assertOnBothEngines(m, rows(), "m", new int[] {1, 2, 2}, new float[] {2, 0, 2, 3});
        Map<String, Tensor> three = new LinkedHashMap<>();
        three.put("a", Tensor.of(new float[] {1, 0, 1, 1, 0, 1}, 1, 3, 2));
        three.put("b", Tensor.of(new float[] {2, 0, 0, 3, 1, 1}, 1, 3, 2));
        // rows a: (1,0) (1,1) (0,1); b: (2,0) (0,3) (1,1)
        assertOnBothEngines(m, three, "m", new int[] {1, 3, 3}, new float[] {2, 0, 1, 2, 3, 2, 0, 3, 1});
    }

    @Test
    void cosOfOpenLengthSequencesRunsAtTwoLengths() {
        ImportedModel m = pair("cos", "[2, 2]", "[null, null, 2]", Backend.THEANO);
        assertEquals(List.of("(None, 1, None, None)"), m.layers().get(2).outputShapes());
        assertOnBothEngines(m, rows(), "m", new int[] {1, 1, 2, 2},
                new float[] {1, 0, 2f / 1e-7f, (float) (3 / Math.sqrt(18))});
        Map<String, Tensor> one = new LinkedHashMap<>();
        one.put("a", Tensor.of(new float[] {3, 4}, 1, 1, 2));
        one.put("b", Tensor.of(new float[] {4, 3}, 1, 1, 2));
        // 24 / sqrt(25 * 25)
        assertOnBothEngines(m, one, "m", new int[] {1, 1, 1, 1}, new float[] {24f / 25f});
    }

    // ---------------------------------------------------------------- TimeDistributed with open steps

    private static String timeDistributed(String name, String batchShape, String inner) {
        return "{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, "
                + (batchShape == null ? "" : "\"batch_input_shape\": " + batchShape + ", \"input_dtype\": \"float32\", ")
                + "\"layer\": " + inner + "}}";
    }

    private static ImportedModel flattenThenReshape() {
        String flatten = "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten_1\", \"trainable\": true}}";
        String reshape = "{\"class_name\": \"Reshape\", \"config\": {\"name\": \"reshape_1\", \"trainable\": true, "
                + "\"target_shape\": [3, -1]}}";
        String json = "{\"class_name\": \"Sequential\", \"config\": [" + timeDistributed("td_flat", "[null, null, 2, 3]",
                flatten) + ", " + timeDistributed("td_reshape", null, reshape) + "], \"keras_version\": \"1.2.2\"}";
        return load(json, Map.of(), ImportOptions.defaults());
    }

    @Test
    void timeDistributedFlattenAndReshapeKeepTheStepsOpen() {
        ImportedModel m = flattenThenReshape();
        assertEquals(List.of("(None, None, 6)"), m.layers().get(0).outputShapes());
        assertEquals(List.of("(None, None, 3, 2)"), m.layers().get(1).outputShapes());
        for (int steps : new int[] {1, 4}) {
            float[] x = new float[2 * steps * 6];
            for (int i = 0; i < x.length; i++) {
                x[i] = i * 0.5f - 3;
            }
            Map<String, Tensor> in = Map.of(m.inputNames().get(0), Tensor.of(x, 2, steps, 2, 3));
            // a row-major reshape of every step: the values keep their order
            try (Engine java = JavaEngine.create(m.graph())) {
                Tensor flat = java.evaluate(in, List.of(m.taps().get("td_flat").value())).values().iterator().next();
                assertArrayEquals(new int[] {2, steps, 6}, flat.shape());
                assertArrayEquals(x, flat.data());
            }
            assertOnBothEngines(m, in, m.outputNames().get(0), new int[] {2, steps, 3, 2}, x);
        }
    }

    /** The first {@code k} steps of {@code t} ({@code [B, T, ...]}). */
    private static Tensor firstSteps(Tensor t, int k) {
        int[] shape = t.shape().clone();
        int per = (int) (t.size() / ((long) shape[0] * shape[1]));
        float[] out = new float[shape[0] * k * per];
        for (int b = 0; b < shape[0]; b++) {
            System.arraycopy(t.data(), b * shape[1] * per, out, b * k * per, k * per);
        }
        shape[1] = k;
        return Tensor.of(out, shape);
    }

    /**
     * The keras1-beyond CNN-LSTM video models (TimeDistributed Convolution2D, MaxPooling2D and Flatten,
     * then an LSTM) with the number of frames left open in their JSON: Keras' numbers at the recorded
     * length on both engines; on two frames the return_sequences model gives the first two steps of
     * them (the LSTM runs forward), and the engines agree on the other.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cnn_lstm_video_tf", "cnn_lstm_video_th"})
    void videoModelsWithAnOpenNumberOfFramesMatchKeras(String id) throws Exception {
        keras1j.verify.FixtureCase c = Fixtures.all().stream().filter(f -> Fixtures.name(f).equals("keras1-beyond/" + id))
                .findFirst().orElseThrow();
        String recorded = java.nio.file.Files.readString(c.json().orElseThrow());
        String json = recorded.replace("\"batch_input_shape\": [null, 4, ", "\"batch_input_shape\": [null, null, ");
        assertTrue(!json.equals(recorded), "the fixture declares 4 frames");
        ImportedModel m = KerasModelLoader.load(new KerasModelSource(Path.of(id + ".json"), Optional.of("1.2.2"), json,
                Optional.of(keras1j.keras.io.KerasFiles.readWeights(c.weights().orElseThrow()))), Fixtures.hinted(c));
        assertTrue(m.layers().get(0).outputShapes().get(0).startsWith("(None, None, "),
                m.layers().get(0).outputShapes().toString());
        Map<String, Tensor> in = keras1j.verify.Verifier.modelInputs(m,
                keras1j.keras.io.Hdf5Tensors.readGroup(c.io(), "inputs"), c.io());
        Map<String, Tensor> expected = keras1j.keras.io.Hdf5Tensors.readGroup(c.io(), "outputs");
        String out = m.outputNames().get(0);
        Map<String, Tensor> two = new LinkedHashMap<>();
        in.forEach((k, v) -> two.put(k, firstSteps(v, 2)));
        Tensor javaTwo;
        try (Engine java = JavaEngine.create(m.graph())) {
            assertTrue(keras1j.verify.Comparison.of(out, java.predict(in).get(out), expected.get(out), c.rtol(),
                    c.atol()).passed(), "java at the recorded length");
            javaTwo = java.predict(two).get(out);
        }
        boolean sequences = javaTwo.rank() == 3;
        if (sequences) {
            assertTrue(keras1j.verify.Comparison.of(out, javaTwo, firstSteps(expected.get(out), 2), c.rtol(), c.atol())
                    .passed(), "java on two frames");
        }
        for (int opset : new int[] {OnnxExportOptions.MIN_OPSET, OnnxExportOptions.MAX_OPSET}) {
            try (Engine ort = OnnxRuntimeEngine.create(m.graph(), OnnxExportOptions.defaults().withOpset(opset), 1)) {
                assertTrue(keras1j.verify.Comparison.of(out, ort.predict(in).get(out), expected.get(out), c.rtol(),
                        c.atol()).passed(), "onnxruntime " + opset + " at the recorded length");
                check("onnxruntime " + opset + " on two frames", ort.predict(two).get(out), javaTwo.shape(),
                        javaTwo.data());
            }
        }
    }

    @Test
    void timeDistributedFlattenExportsWithASymbolicNumberOfSteps() {
        ModelProto onnx = OnnxExporter.toModel(flattenThenReshape().graph(), OnnxExportOptions.defaults());
        TensorShapeProto in = onnx.getGraph().getInput(0).getType().getTensorType().getShape();
        assertTrue(in.getDim(1).hasDimParam(), in.toString());
        assertEquals(2, in.getDim(2).getDimValue());
    }
}
