package keras1j.bench.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layer configs against Keras 1.2.2 {@code to_json()} snippets from the fixtures (verbatim unless
 * noted), compared key for key in order.
 */
class Keras1LayersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> layers() {
        return Stream.of(
                // fixtures/keras1/mnist_cnn_tf
                Arguments.of("Dense", Keras1Layers.dense("dense_1", 64, 16, "linear"),
                        "{\"name\": \"dense_1\", \"trainable\": true, \"output_dim\": 16, \"init\": \"glorot_uniform\","
                                + " \"activation\": \"linear\", \"W_regularizer\": null, \"b_regularizer\": null,"
                                + " \"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null,"
                                + " \"bias\": true, \"input_dim\": 64}"),
                Arguments.of("Activation", Keras1Layers.activation("activation_1", "relu"),
                        "{\"name\": \"activation_1\", \"trainable\": true, \"activation\": \"relu\"}"),
                Arguments.of("MaxPooling2D", Keras1Layers.maxPooling2D("maxpooling2d_1", 2),
                        "{\"name\": \"maxpooling2d_1\", \"trainable\": true, \"pool_size\": [2, 2],"
                                + " \"border_mode\": \"valid\", \"strides\": [2, 2], \"dim_ordering\": \"tf\"}"),
                // fixtures/keras1/video_conv3d_th, dim_ordering 'tf' in place of 'th'
                Arguments.of("MaxPooling3D", Keras1Layers.maxPooling3D("maxpooling3d_1", 2, 2, 2),
                        "{\"name\": \"maxpooling3d_1\", \"trainable\": true, \"pool_size\": [2, 2, 2],"
                                + " \"border_mode\": \"valid\", \"strides\": [2, 2, 2], \"dim_ordering\": \"tf\"}"),
                // fixtures/keras1/batchnorm_conv2d_th with BatchNormalization()'s default axis -1
                Arguments.of("BatchNormalization", Keras1Layers.batchNormalization("batchnormalization_1", 3),
                        "{\"name\": \"batchnormalization_1\", \"trainable\": true, \"epsilon\": 0.001, \"mode\": 0,"
                                + " \"axis\": -1, \"gamma_regularizer\": null, \"beta_regularizer\": null,"
                                + " \"momentum\": 0.99}"),
                // fixtures/keras1-public/dl4j_conv2d_reshape_tensorflow_keras1, in Keras 1.2.2 key order
                Arguments.of("Reshape", Keras1Layers.reshape("reshape_1", 4, 3, 6),
                        "{\"name\": \"reshape_1\", \"trainable\": true, \"target_shape\": [4, 3, 6]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void configMatchesKerasSnippet(String className, KerasLayer layer, String keras) throws JsonProcessingException {
        assertEquals(className, layer.className());
        assertEquals(JSON.writeValueAsString(JSON.readTree(keras)), JSON.writeValueAsString(layer.config()));
    }

    @Test
    void convolutionWeightsUseKerasLayoutsAndGlorotFans() {
        KerasLayer conv = Keras1Layers.convolution2D("c", 3, 64, 3, 3, "relu", "same", 1);
        List<WeightSpec> w = conv.weights();
        assertEquals(List.of("W", "b"), w.stream().map(WeightSpec::role).toList());
        assertArrayEquals(new int[] {3, 3, 3, 64}, w.get(0).shape());
        // glorot_uniform: fan_in 3*9, fan_out 64*9
        assertEquals(Math.sqrt(6.0 / (27 + 576)), w.get(0).high(), 1e-12);
        assertArrayEquals(new int[] {64}, w.get(1).shape());
    }

    @Test
    void batchNormalizationSavesFourVectorsWithPositiveVariance() {
        List<WeightSpec> w = Keras1Layers.batchNormalization("bn", 8).weights();
        assertEquals(List.of("gamma", "beta", "running_mean", "running_std"),
                w.stream().map(WeightSpec::role).toList());
        assertEquals(0.5, w.get(3).low());
    }
}
