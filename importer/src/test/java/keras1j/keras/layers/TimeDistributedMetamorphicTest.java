package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.KerasReference.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.keras.io.NamedWeight;
import keras1j.runtime.tensor.Tensor;

/**
 * {@code TimeDistributed(layer)} on {@code (batch, steps, ...)} equals the layer applied to each step
 * on its own (Keras 1.2.2 reshapes the steps into the batch): every wrapped layer family, both dim
 * orderings, weights under the wrapper's group with the inner layer's names.
 */
class TimeDistributedMetamorphicTest {
    private static final int STEPS = 3;

    /** A wrapped layer: class, config body (without name), sample shape of one step, weight shapes. */
    record Inner(String label, String className, String body, int[] step, int[][] weights) {
        @Override
        public String toString() {
            return label;
        }
    }

    private static int[] s(int... d) {
        return d;
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                new Inner("Dense", "Dense", "\"output_dim\": 3, \"activation\": \"tanh\", \"bias\": true", s(4),
                        new int[][] {{4, 3}, {3}}),
                new Inner("Convolution1D same stride 2", "Convolution1D", "\"nb_filter\": 2, \"filter_length\": 3, "
                        + "\"activation\": \"sigmoid\", \"border_mode\": \"same\", \"subsample_length\": 2, \"bias\": true",
                        s(5, 3), new int[][] {{3, 1, 3, 2}, {2}}),
                new Inner("Convolution2D th valid", "Convolution2D", "\"nb_filter\": 2, \"nb_row\": 3, \"nb_col\": 2, "
                        + "\"activation\": \"relu\", \"border_mode\": \"valid\", \"subsample\": [1, 1], "
                        + "\"dim_ordering\": \"th\", \"bias\": true", s(2, 5, 4), new int[][] {{2, 2, 3, 2}, {2}}),
                new Inner("Convolution2D tf same stride 2", "Convolution2D", "\"nb_filter\": 3, \"nb_row\": 3, "
                        + "\"nb_col\": 3, \"activation\": \"linear\", \"border_mode\": \"same\", \"subsample\": [2, 2], "
                        + "\"dim_ordering\": \"tf\", \"bias\": true", s(5, 5, 2), new int[][] {{3, 3, 2, 3}, {3}}),
                new Inner("SeparableConvolution2D tf", "SeparableConvolution2D", "\"nb_filter\": 4, \"nb_row\": 3, "
                        + "\"nb_col\": 3, \"activation\": \"relu\", \"border_mode\": \"same\", \"subsample\": [1, 1], "
                        + "\"depth_multiplier\": 1, \"dim_ordering\": \"tf\", \"bias\": true", s(4, 4, 2),
                        new int[][] {{3, 3, 2, 1}, {1, 1, 2, 4}, {4}}),
                new Inner("MaxPooling2D th", "MaxPooling2D", "\"pool_size\": [2, 2], \"border_mode\": \"valid\", "
                        + "\"strides\": [2, 2], \"dim_ordering\": \"th\"", s(2, 4, 4), new int[0][]),
                new Inner("AveragePooling1D", "AveragePooling1D", "\"pool_length\": 2, \"stride\": null, "
                        + "\"border_mode\": \"valid\"", s(6, 3), new int[0][]),
                new Inner("ZeroPadding2D", "ZeroPadding2D", "\"padding\": [1, 2]", s(3, 3, 2), new int[0][]),
                new Inner("Cropping1D", "Cropping1D", "\"cropping\": [1, 2]", s(6, 2), new int[0][]),
                new Inner("UpSampling2D", "UpSampling2D", "\"size\": [2, 1]", s(2, 3, 2), new int[0][]),
                new Inner("Flatten", "Flatten", "", s(2, 3, 2), new int[0][]),
                new Inner("Reshape", "Reshape", "\"target_shape\": [3, 4]", s(2, 6), new int[0][]),
                new Inner("Permute", "Permute", "\"dims\": [2, 1]", s(2, 3), new int[0][]),
                new Inner("BatchNormalization", "BatchNormalization", "\"epsilon\": 1e-05, \"axis\": -1, \"mode\": 0, "
                        + "\"momentum\": 0.99", s(3, 4), new int[][] {{4}, {4}, {4}, {4}}),
                new Inner("Activation softmax", "Activation", "\"activation\": \"softmax\"", s(5), new int[0][]),
                new Inner("PReLU", "PReLU", "\"init\": \"zero\"", s(3, 2), new int[][] {{3, 2}}),
                new Inner("Dropout", "Dropout", "\"p\": 0.5", s(4), new int[0][]))
                .map(Arguments::of);
    }

    private static String config(Inner l, String name, String batchShape) {
        StringBuilder sb = new StringBuilder("{\"name\": \"" + name + "\", \"trainable\": true");
        if (batchShape != null) {
            sb.append(", \"batch_input_shape\": ").append(batchShape).append(", \"input_dtype\": \"float32\"");
        }
        if (!l.body().isEmpty()) {
            sb.append(", ").append(l.body());
        }
        return sb.append('}').toString();
    }

    private static String shape(int... sample) {
        StringBuilder sb = new StringBuilder("[null");
        for (int d : sample) {
            sb.append(", ").append(d);
        }
        return sb.append(']').toString();
    }

    private static String model(String layer) {
        return "{\"class_name\": \"Sequential\", \"config\": [" + layer + "], \"keras_version\": \"1.2.2\"}";
    }

    private static NamedWeight[] weights(Inner l, Random r) {
        NamedWeight[] w = new NamedWeight[l.weights().length];
        for (int i = 0; i < w.length; i++) {
            float[] v = new float[(int) Tensor.elementCount(l.weights()[i])];
            for (int k = 0; k < v.length; k++) {
                v[k] = 0.3f + r.nextFloat();
            }
            // SeparableConvolution2D exists on TensorFlow only: its weights carry TensorFlow's ':0'
            String suffix = l.className().startsWith("Separable") ? ":0" : "";
            w[i] = new NamedWeight("inner_1_w" + i + suffix, Tensor.of(v, l.weights()[i]));
        }
        return w;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void timeDistributedEqualsTheLayerOnEachStep(Inner l) {
        Random r = new Random(l.label().hashCode());
        NamedWeight[] w = weights(l, r);
        int[] timeShape = new int[l.step().length + 1];
        timeShape[0] = STEPS;
        System.arraycopy(l.step(), 0, timeShape, 1, l.step().length);
        ImportedModel td = load(model("{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"td_1\", "
                + "\"trainable\": true, \"batch_input_shape\": " + shape(timeShape) + ", \"input_dtype\": \"float32\", "
                + "\"layer\": {\"class_name\": \"" + l.className() + "\", \"config\": " + config(l, "inner_1", null)
                + "}}}"), Imports.weights().layer("td_1", w));
        ImportedModel plain = load(model("{\"class_name\": \"" + l.className() + "\", \"config\": "
                + config(l, "inner_1", shape(l.step())) + "}"), Imports.weights().layer("inner_1", w));
        int batch = 2;
        int stepSize = (int) Tensor.elementCount(l.step());
        float[] x = new float[batch * STEPS * stepSize];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        int[] inShape = new int[timeShape.length + 1];
        inShape[0] = batch;
        System.arraycopy(timeShape, 0, inShape, 1, timeShape.length);
        Tensor y = run(td, Tensor.of(x.clone(), inShape));
        int outStep = y.size() / (batch * STEPS);
        for (int t = 0; t < STEPS; t++) {
            float[] xs = new float[batch * stepSize];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(x, (b * STEPS + t) * stepSize, xs, b * stepSize, stepSize);
            }
            int[] stepShape = new int[l.step().length + 1];
            stepShape[0] = batch;
            System.arraycopy(l.step(), 0, stepShape, 1, l.step().length);
            Tensor expected = run(plain, Tensor.of(xs, stepShape));
            assertEquals(outStep, expected.size() / batch, "output size per step");
            float[] actual = new float[batch * outStep];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(y.data(), (b * STEPS + t) * outStep, actual, b * outStep, outStep);
            }
            assertArrayEquals(expected.data(), actual, 1e-5f, l.label() + " step " + t);
        }
        int[] expectedShape = Arrays.copyOf(y.shape(), y.shape().length);
        assertEquals(STEPS, expectedShape[1]);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "GlobalAveragePooling1D; ",
        "RepeatVector; \"n\": 2",
        "SimpleRNN; \"output_dim\": 2, \"return_sequences\": false, \"activation\": \"tanh\""
    })
    void layersThatMixStepsAreRefused(String className, String body) {
        Inner l = new Inner(className, className, body == null ? "" : body, className.equals("RepeatVector") ? s(3)
                : s(4, 3), new int[0][]);
        String json = model("{\"class_name\": \"TimeDistributed\", \"config\": {\"name\": \"td_1\", \"trainable\": "
                + "true, \"batch_input_shape\": " + shape(l.step().length == 1 ? s(STEPS, 3) : s(STEPS, 4, 3))
                + ", \"input_dtype\": \"float32\", \"layer\": "
                + "{\"class_name\": \"" + className + "\", \"config\": " + config(l, "inner_1", null) + "}}}");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(json, null));
        assertTrue(e.getMessage().contains("TimeDistributed"), e.getMessage());
    }
}
