package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.Imports.weights;
import static keras1j.keras.layers.KerasReference.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.keras.LayerSummary;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.RecurrentCell;
import keras1j.runtime.tensor.Tensor;

/**
 * Recurrent layers, masking and the wrappers from verbatim Keras 1.2.2 {@code to_json()} configurations,
 * with small hand-derived values (Keras 1.2.2 semantics: see fixtures/README.md, keras1-beyond), through
 * {@code KerasModelLoader} and the Java engine.
 */
class RecurrentLayersTest {
    private static final float TOL = 1e-6f;

    /** A Sequential model of {@code layers} (JSON objects), Keras 1.2.2 style. */
    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": [" + String.join(", ", layers)
                + "], \"keras_version\": \"1.2.2\"}";
    }

    private static String simpleRnn(String name, String inputShape, boolean sequences, boolean backwards,
            String activation) {
        return "{\"class_name\": \"SimpleRNN\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, "
                + (inputShape == null ? "" : "\"batch_input_shape\": " + inputShape + ", \"input_dtype\": \"float32\", ")
                + "\"return_sequences\": " + sequences + ", \"go_backwards\": " + backwards + ", \"stateful\": false, "
                + "\"unroll\": false, \"consume_less\": \"cpu\", \"input_dim\": 1, \"input_length\": null, "
                + "\"output_dim\": 1, \"init\": \"glorot_uniform\", \"inner_init\": \"orthogonal\", \"activation\": \""
                + activation + "\", \"W_regularizer\": null, \"U_regularizer\": null, \"b_regularizer\": null, "
                + "\"dropout_W\": 0.0, \"dropout_U\": 0.0}}";
    }

    private static String lstm(String consumeLess, boolean stateful) {
        return "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", \"trainable\": true, \"batch_input_shape\": "
                + "[null, 1, 1], \"input_dtype\": \"float32\", \"return_sequences\": false, \"go_backwards\": false, "
                + "\"stateful\": " + stateful + ", \"unroll\": false, \"consume_less\": \"" + consumeLess + "\", "
                + "\"input_dim\": 1, \"input_length\": null, \"output_dim\": 1, \"init\": \"glorot_uniform\", "
                + "\"inner_init\": \"orthogonal\", \"forget_bias_init\": \"one\", \"activation\": \"tanh\", "
                + "\"inner_activation\": \"hard_sigmoid\", \"W_regularizer\": null, \"U_regularizer\": null, "
                + "\"b_regularizer\": null, \"dropout_W\": 0.0, \"dropout_U\": 0.0}}";
    }

    private static float[] one(float v) {
        return new float[] {v};
    }

    /** x = 1, one step: i = hard_sigmoid(2) = 0.9, c = 0.9 tanh(1), o = hard_sigmoid(-1) = 0.3, h = 0.3 tanh(c). */
    private static final float LSTM_ONE_STEP = (float) (0.3 * Math.tanh(0.9 * Math.tanh(1)));

    @Test
    void lstmPerGateWeightsAreMatchedByName() {
        // saved in an order unlike Keras' (i, c, f, o): names decide
        Imports.Weights w = weights().layer("lstm_1",
                weight("lstm_1_W_o", one(-1), 1, 1), weight("lstm_1_U_o", one(0), 1, 1), weight("lstm_1_b_o", one(0), 1),
                weight("lstm_1_W_f", one(5), 1, 1), weight("lstm_1_U_f", one(0), 1, 1), weight("lstm_1_b_f", one(1), 1),
                weight("lstm_1_W_c", one(1), 1, 1), weight("lstm_1_U_c", one(0), 1, 1), weight("lstm_1_b_c", one(0), 1),
                weight("lstm_1_W_i", one(2), 1, 1), weight("lstm_1_U_i", one(0), 1, 1), weight("lstm_1_b_i", one(0), 1));
        ImportedModel m = load(sequential(lstm("cpu", false)), w);
        assertArrayEquals(one(LSTM_ONE_STEP), run(m, Tensor.of(one(1), 1, 1, 1)).data(), TOL);
    }

    @Test
    void lstmGpuWeightsHoldGateBlocksIfco() {
        Imports.Weights w = weights().layer("lstm_1",
                weight("lstm_1_W", new float[] {2, 5, 1, -1}, 1, 4), weight("lstm_1_U", new float[4], 1, 4),
                weight("lstm_1_b", new float[] {0, 1, 0, 0}, 4));
        ImportedModel m = load(sequential(lstm("gpu", false)), w);
        assertArrayEquals(one(LSTM_ONE_STEP), run(m, Tensor.of(one(1), 1, 1, 1)).data(), TOL);
        Recurrent op = Imports.only(m, Recurrent.class);
        assertEquals(RecurrentCell.LSTM, op.cell());
        assertEquals(4 + 4 + 4, op.parameterCount());
    }

    @Test
    void statefulIsRefusedByName() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(sequential(lstm("cpu", true)), null));
        assertTrue(e.getMessage().contains("lstm_1") && e.getMessage().contains("stateful"), e.getMessage());
    }

    private static Imports.Weights rnn(String layer, float w, float u) {
        return weights().layer(layer, weight(layer + "_W", one(w), 1, 1), weight(layer + "_U", one(u), 1, 1),
                weight(layer + "_b", one(0), 1));
    }

    @Test
    void goBackwardsReturnsTheSequenceInProcessingOrder() {
        // linear, W = U = 1: reads 3 -> 3, then 2 -> 5, then 1 -> 6
        ImportedModel m = load(sequential(simpleRnn("simplernn_1", "[null, 3, 1]", true, true, "linear")),
                rnn("simplernn_1", 1, 1));
        assertArrayEquals(new float[] {3, 5, 6}, run(m, Tensor.of(new float[] {1, 2, 3}, 1, 3, 1)).data(), TOL);
    }

    private static final String EMBEDDING_MASK_ZERO = "{\"class_name\": \"Embedding\", \"config\": {\"name\": "
            + "\"embedding_1\", \"trainable\": true, \"batch_input_shape\": [null, 4], \"input_dtype\": \"int32\", "
            + "\"input_dim\": 3, \"output_dim\": 1, \"init\": \"uniform\", \"input_length\": 4, \"mask_zero\": true, "
            + "\"activity_regularizer\": null, \"W_regularizer\": null, \"W_constraint\": null, \"dropout\": 0.0}}";

    @Test
    void maskedStepsKeepTheStateAndRepeatThePreviousOutput() {
        // ids 1 0 2 0 -> x 1 (masked) 2 (masked); linear, W = U = 1: h = 1, 1, 3, 3
        Imports.Weights w = rnn("simplernn_1", 1, 1).layer("embedding_1", weight("embedding_1_W",
                new float[] {7, 1, 2}, 3, 1));
        ImportedModel m = load(sequential(EMBEDDING_MASK_ZERO, simpleRnn("simplernn_1", null, true, false, "linear")), w);
        assertArrayEquals(new float[] {1, 1, 3, 3}, run(m, Tensor.of(new float[] {1, 0, 2, 0}, 1, 4)).data(), TOL);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"class_name\": \"Dropout\", \"config\": {\"name\": \"dropout_1\", \"trainable\": true, \"p\": 0.5}}",
        "{\"class_name\": \"Activation\", \"config\": {\"name\": \"activation_1\", \"trainable\": true, "
            + "\"activation\": \"linear\"}}",
        "{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"timedistributed_1\", \"trainable\": true, "
            + "\"layer\": {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": true, "
            + "\"output_dim\": 1, \"init\": \"glorot_uniform\", \"activation\": \"linear\", \"W_regularizer\": null, "
            + "\"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, "
            + "\"bias\": true, \"input_dim\": 1}}}}",
        "{\"class_name\": \"SimpleRNN\", \"config\": {\"name\": \"simplernn_0\", \"trainable\": true, "
            + "\"return_sequences\": true, \"go_backwards\": false, \"stateful\": false, \"unroll\": false, "
            + "\"consume_less\": \"gpu\", \"input_dim\": 1, \"input_length\": null, \"output_dim\": 1, "
            + "\"init\": \"glorot_uniform\", \"inner_init\": \"orthogonal\", \"activation\": \"linear\", "
            + "\"W_regularizer\": null, \"U_regularizer\": null, \"b_regularizer\": null, \"dropout_W\": 0.0, "
            + "\"dropout_U\": 0.0}}"
    })
    void theMaskPassesThroughLayersBetween(String between) {
        // identity-valued layers between: Dense W = 1, b = 0; an inner SimpleRNN with W = 1, U = 0
        Imports.Weights w = rnn("simplernn_1", 1, 1).layer("embedding_1", weight("embedding_1_W",
                new float[] {7, 1, 2}, 3, 1))
                .layer("timedistributed_1", weight("dense_1_W", one(1), 1, 1), weight("dense_1_b", one(0), 1))
                .layer("simplernn_0", weight("simplernn_0_W", one(1), 1, 1), weight("simplernn_0_U", one(0), 1, 1),
                        weight("simplernn_0_b", one(0), 1));
        String rnn = simpleRnn("simplernn_1", null, true, false, "linear");
        ImportedModel m = load(sequential(EMBEDDING_MASK_ZERO, between, rnn), onlyUsed(w, between));
        assertArrayEquals(new float[] {1, 1, 3, 3}, run(m, Tensor.of(new float[] {1, 0, 2, 0}, 1, 4)).data(), TOL);
    }

    /** The weights of layers present in the model (a weights file holds no foreign layer). */
    private static Imports.Weights onlyUsed(Imports.Weights all, String between) {
        Imports.Weights w = weights();
        for (String layer : all.layerNames()) {
            if (!layer.equals("timedistributed_1") && !layer.equals("simplernn_0") || between.contains(layer)) {
                w.layer(layer, all.weights(layer).toArray(new keras1j.keras.io.NamedWeight[0]));
            }
        }
        return w;
    }

    @Test
    void maskedFirstStepsEmitZerosAndTheLastOutputIsTheLastUnmaskedOne() {
        // backwards over ids 1 2 0 0: reads (masked) (masked) 2 1 -> outputs 0, 0, 2, 3
        Imports.Weights w = rnn("simplernn_1", 1, 1).layer("embedding_1", weight("embedding_1_W",
                new float[] {7, 1, 2}, 3, 1));
        ImportedModel seq = load(sequential(EMBEDDING_MASK_ZERO, simpleRnn("simplernn_1", null, true, true,
                "linear")), w);
        assertArrayEquals(new float[] {0, 0, 2, 3}, run(seq, Tensor.of(new float[] {1, 2, 0, 0}, 1, 4)).data(), TOL);
    }

    @Test
    void maskingMasksOnlyStepsWhoseFeaturesAllEqualTheMaskValue() {
        String masking = "{\"class_name\": \"Masking\", \"config\": {\"name\": \"masking_1\", \"trainable\": true, "
                + "\"batch_input_shape\": [null, 3, 2], \"input_dtype\": \"float32\", \"mask_value\": 0.5}}";
        String rnn = simpleRnn("simplernn_1", null, true, false, "linear").replace("\"input_dim\": 1", "\"input_dim\": 2");
        Imports.Weights w = weights().layer("simplernn_1", weight("simplernn_1_W", new float[] {1, 10}, 2, 1),
                weight("simplernn_1_U", one(1), 1, 1), weight("simplernn_1_b", one(0), 1));
        // step 0 (0.5, 1) is kept: 0.5 + 10 = 10.5; step 1 (0.5, 0.5) masked: 10.5; step 2 (1, 0.5): 1 + 5 + 10.5
        ImportedModel m = load(sequential(masking, rnn), w);
        assertArrayEquals(new float[] {10.5f, 10.5f, 16.5f},
                run(m, Tensor.of(new float[] {0.5f, 1, 0.5f, 0.5f, 1, 0.5f}, 1, 3, 2)).data(), TOL);
    }

    private static String bidirectional(String mode) {
        return "{\"class_name\": \"Bidirectional\", \"config\": {\"name\": \"bidirectional_1\", \"trainable\": true, "
                + "\"batch_input_shape\": [null, 3, 1], \"input_dtype\": \"float32\", \"layer\": "
                + simpleRnn("simplernn_1", null, true, false, "linear") + ", \"merge_mode\": \"" + mode + "\"}}";
    }

    private static Imports.Weights bidirectionalWeights() {
        // forward W = U = 1; backward W = 2, U = 0
        return weights().layer("bidirectional_1",
                weight("forward_simplernn_1_W", one(1), 1, 1), weight("forward_simplernn_1_U", one(1), 1, 1),
                weight("forward_simplernn_1_b", one(0), 1),
                weight("backward_simplernn_1_W", one(2), 1, 1), weight("backward_simplernn_1_U", one(0), 1, 1),
                weight("backward_simplernn_1_b", one(0), 1));
    }

    @Test
    void bidirectionalConcatAlignsTheReversedBackwardOutputWithTheInputSteps() {
        // x = 1 2 3: forward 1, 3, 6; backward reads 3, 2, 1 -> 6, 4, 2, reversed to 2, 4, 6
        ImportedModel m = load(sequential(bidirectional("concat")), bidirectionalWeights());
        Tensor y = run(m, Tensor.of(new float[] {1, 2, 3}, 1, 3, 1));
        assertArrayEquals(new int[] {1, 3, 2}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 6, 6}, y.data(), TOL);
    }

    @Test
    void bidirectionalAveMergesStepByStep() {
        ImportedModel m = load(sequential(bidirectional("ave")), bidirectionalWeights());
        assertArrayEquals(new float[] {1.5f, 3.5f, 6}, run(m, Tensor.of(new float[] {1, 2, 3}, 1, 3, 1)).data(), TOL);
        LayerSummary s = m.layers().get(0);
        assertEquals("Bidirectional", s.className());
        assertEquals(6, s.parameterCount());
    }

    @Test
    void bidirectionalRefusesALayerThatIsNotRecurrent() {
        String dense = "{\"class_name\": \"Bidirectional\", \"config\": {\"name\": \"bidirectional_1\", \"trainable\": "
                + "true, \"batch_input_shape\": [null, 3, 1], \"input_dtype\": \"float32\", \"layer\": {\"class_name\": "
                + "\"Dense\", \"config\": {\"name\": \"dense_1\", \"output_dim\": 1}}, \"merge_mode\": \"concat\"}}";
        assertThrows(UnsupportedFeatureException.class, () -> load(sequential(dense), null));
    }

    @Test
    void timeDistributedDenseAppliesTheSameWeightsAtEveryStep() {
        String td = "{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"timedistributed_1\", \"trainable\": "
                + "true, \"batch_input_shape\": [null, 2, 1], \"input_dtype\": \"float32\", \"layer\": {\"class_name\": "
                + "\"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": true, \"output_dim\": 1, \"init\": "
                + "\"glorot_uniform\", \"activation\": \"relu\", \"W_regularizer\": null, \"b_regularizer\": null, "
                + "\"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"input_dim\": 1}}}}";
        Imports.Weights w = weights().layer("timedistributed_1", weight("dense_1_W", one(2), 1, 1),
                weight("dense_1_b", one(1), 1));
        ImportedModel m = load(sequential(td), w);
        // relu(2x + 1) at each step
        assertArrayEquals(new float[] {3, 0}, run(m, Tensor.of(new float[] {1, -2}, 1, 2, 1)).data(), TOL);
        assertEquals(2, m.layers().get(0).parameterCount());
    }

    @Test
    void timeDistributedConvolutionIsAConvolutionWhoseWindowSpansOneStep() {
        String td = "{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"timedistributed_1\", \"trainable\": "
                + "true, \"batch_input_shape\": [null, 2, 1, 1, 2], \"input_dtype\": \"float32\", \"layer\": "
                + "{\"class_name\": \"Convolution2D\", \"config\": {\"name\": \"convolution2d_1\", \"trainable\": true, "
                + "\"nb_filter\": 1, \"nb_row\": 1, \"nb_col\": 2, \"init\": \"glorot_uniform\", \"activation\": "
                + "\"linear\", \"border_mode\": \"valid\", \"subsample\": [1, 1], \"dim_ordering\": \"th\", "
                + "\"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": "
                + "null, \"b_constraint\": null, \"bias\": true}}}}";
        Imports.Weights w = weights().layer("timedistributed_1",
                weight("convolution2d_1_W", new float[] {1, 10}, 1, 1, 1, 2), weight("convolution2d_1_b", one(0), 1));
        ImportedModel m = load(sequential(td), w);
        // Theano flips the kernel: y = 10 * x0 + 1 * x1 per step
        assertArrayEquals(new float[] {12, 43}, run(m, Tensor.of(new float[] {1, 2, 4, 3}, 1, 2, 1, 1, 2)).data(),
                TOL);
        assertEquals(3, Imports.only(m, Conv.class).spatialRank());
        assertEquals("(None, 2, 1, 1, 1)", m.layers().get(0).outputShapes().get(0));
    }
}
