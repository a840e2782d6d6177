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
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;


import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * TimeDistributed around the layer families the fixtures do not wrap, and Bidirectional without a
 * merge mode, agree between the Java engine and ONNX Runtime at the lowest and highest opset (their
 * per-step equality with the unwrapped layer is checked in the importer's tests).
 */
class WrappedLayersEnginesTest {

    static Stream<Arguments> models() {
        List<Arguments> c = new ArrayList<>();
        c.add(td("Convolution1D same stride 2", "Convolution1D", "\"nb_filter\": 2, \"filter_length\": 3, "
                + "\"activation\": \"sigmoid\", \"border_mode\": \"same\", \"subsample_length\": 2, \"bias\": true",
                new int[] {4, 5, 3}, new int[][] {{3, 1, 3, 2}, {2}}, ""));
        c.add(td("SeparableConvolution2D tf", "SeparableConvolution2D", "\"nb_filter\": 4, \"nb_row\": 3, \"nb_col\": "
                + "3, \"activation\": \"relu\", \"border_mode\": \"same\", \"subsample\": [1, 1], \"depth_multiplier\": 1, "
                + "\"dim_ordering\": \"tf\", \"bias\": true", new int[] {3, 4, 4, 2},
                new int[][] {{3, 3, 2, 1}, {1, 1, 2, 4}, {4}}, ":0"));
        c.add(td("AveragePooling1D", "AveragePooling1D", "\"pool_length\": 2, \"stride\": null, \"border_mode\": "
                + "\"valid\"", new int[] {3, 6, 3}, new int[0][], ""));
        c.add(td("ZeroPadding2D", "ZeroPadding2D", "\"padding\": [1, 2]", new int[] {3, 3, 3, 2}, new int[0][], ""));
        c.add(td("Cropping1D", "Cropping1D", "\"cropping\": [1, 2]", new int[] {3, 6, 2}, new int[0][], ""));
        c.add(td("UpSampling2D", "UpSampling2D", "\"size\": [2, 1]", new int[] {3, 2, 3, 2}, new int[0][], ""));
        c.add(td("BatchNormalization", "BatchNormalization", "\"epsilon\": 1e-05, \"axis\": -1, \"mode\": 0, "
                + "\"momentum\": 0.99", new int[] {3, 3, 4}, new int[][] {{4}, {4}, {4}, {4}}, ""));
        c.add(td("Activation softmax", "Activation", "\"activation\": \"softmax\"", new int[] {3, 5}, new int[0][], ""));
        c.add(td("PReLU", "PReLU", "\"init\": \"zero\"", new int[] {3, 3, 2}, new int[][] {{3, 2}}, ""));
        String rnn = "{\"class_name\": \"GRU\", \"config\": {\"name\": \"gru_1\", \"trainable\": true, \"return_sequences\": "
                + "true, \"go_backwards\": false, \"stateful\": false, \"unroll\": false, \"consume_less\": \"gpu\", "
                + "\"input_dim\": null, \"input_length\": null, \"output_dim\": 2, \"init\": \"glorot_uniform\", "
                + "\"inner_init\": \"orthogonal\", \"activation\": \"linear\", \"inner_activation\": \"sigmoid\", "
                + "\"W_regularizer\": null, \"U_regularizer\": null, \"b_regularizer\": null, \"dropout_W\": 0.0, "
                + "\"dropout_U\": 0.0}}";
        c.add(Arguments.of("Bidirectional GRU without merge mode", sequential("{\"class_name\": \"Bidirectional\", "
                + "\"config\": {\"name\": \"bidirectional_1\", \"trainable\": true, \"batch_input_shape\": [null, 4, 3], "
                + "\"input_dtype\": \"float32\", \"layer\": " + rnn + ", \"merge_mode\": null}}"),
                Map.of("bidirectional_1", weights(new Random(3), "", "forward_gru_1", new int[][] {{3, 6}, {2, 6}, {6}},
                        "backward_gru_1", new int[][] {{3, 6}, {2, 6}, {6}})), new int[] {2, 4, 3}));
        return c.stream();
    }

    private static String sequential(String layer) {
        return "{\"class_name\": \"Sequential\", \"config\": [" + layer + "], \"keras_version\": \"1.2.2\"}";
    }

    private static Arguments td(String label, String cls, String body, int[] shape, int[][] weightShapes,
            String suffix) {
        StringBuilder batchShape = new StringBuilder("[null");
        for (int d : shape) {
            batchShape.append(", ").append(d);
        }
        String json = sequential("{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"td_1\", \"trainable\": "
                + "true, \"batch_input_shape\": " + batchShape + "], \"input_dtype\": \"float32\", \"layer\": {"
                + "\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"inner_1\", \"trainable\": true"
                + (body.isEmpty() ? "" : ", " + body) + "}}}}");
        int[] in = new int[shape.length + 1];
        in[0] = 2;
        System.arraycopy(shape, 0, in, 1, shape.length);
        return Arguments.of("TimeDistributed " + label, json,
                Map.of("td_1", weights(new Random(label.hashCode()), suffix, "inner_1", weightShapes)), in);
    }

    private static List<NamedWeight> weights(Random r, String suffix, Object... prefixAndShapes) {
        List<NamedWeight> out = new ArrayList<>();
        for (int k = 0; k < prefixAndShapes.length; k += 2) {
            int[][] shapes = (int[][]) prefixAndShapes[k + 1];
            for (int i = 0; i < shapes.length; i++) {
                float[] v = new float[(int) Tensor.elementCount(shapes[i])];
                for (int j = 0; j < v.length; j++) {
                    v[j] = 0.3f + r.nextFloat();
                }
                out.add(new NamedWeight(prefixAndShapes[k] + "_w" + i + suffix, Tensor.of(v, shapes[i])));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void javaEngineAndOnnxRuntimeAgree(String label, String json, Map<String, List<NamedWeight>> weights, int[] in)
            throws Exception {
        KerasModelSource src = new KerasModelSource(Path.of(label + ".json"), Optional.of("1.2.2"),
                json, Optional.of(WeightStore.inMemory(Path.of("weights.h5"),
                        new LinkedHashMap<>(weights))));
        ImportedModel model = KerasModelLoader.load(src, ImportOptions.defaults());
        Random r = new Random(11);
        float[] x = new float[(int) Tensor.elementCount(in)];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        Map<String, Tensor> inputs = Map.of(model.inputNames().get(0), Tensor.of(x, in));
        Map<String, Tensor> expected;
        try (Engine java = JavaEngine.create(model.graph())) {
            expected = java.predict(inputs);
        }
        for (int opset : new int[] {OnnxExportOptions.MIN_OPSET, OnnxExportOptions.MAX_OPSET}) {
            try (Engine ort = OnnxRuntimeEngine.create(model.graph(), OnnxExportOptions.defaults().withOpset(opset), 1)) {
                Map<String, Tensor> actual = ort.predict(inputs);
                assertEquals(expected.keySet(), actual.keySet());
                for (String name : expected.keySet()) {
                    Tensor e = expected.get(name);
                    Tensor a = actual.get(name);
                    assertArrayEquals(e.shape(), a.shape(), name);
                    for (int i = 0; i < e.size(); i++) {
                        float tol = 1e-5f + 1e-4f * Math.abs(e.data()[i]);
                        assertTrue(Math.abs(e.data()[i] - a.data()[i]) <= tol, label + " opset " + opset + " " + name
                                + " at " + i + ": " + e.data()[i] + " vs " + a.data()[i]);
                    }
                }
            }
        }
    }
}
