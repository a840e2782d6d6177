package keras1j.keras.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;


import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.keras.layers.KerasTensor;
import keras1j.keras.layers.LayerContext;
import keras1j.keras.layers.LayerConverter;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.tensor.Tensor;

/**
 * The extension point end to end: a {@code Lambda} layer mapped by name through the import options,
 * and a user's own layer class ({@code ScaledTanh}) found through {@link java.util.ServiceLoader}
 * ({@link ScaledTanhProvider}), then run on the Java engine.
 */
class UserLayersTest {
    /**
     * Dense(3) on 2 features, {@code Lambda(lambda x: 2 * x + 1)} and a custom {@code ScaledTanh(scale=2)},
     * in the form Keras 1.2.2's {@code to_json()} writes them (the Lambda's marshalled code shortened).
     */
    private static final String JSON = """
            {"class_name": "Sequential", "config": [{"class_name": "Dense", "config": {"name": "dense_1", \
            "trainable": true, "batch_input_shape": [null, 2], "input_dtype": "float32", "output_dim": 3, "init": \
            "glorot_uniform", "activation": "linear", "W_regularizer": null, "b_regularizer": null, \
            "activity_regularizer": null, "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 2}}, \
            {"class_name": "Lambda", "config": {"name": "lambda_1", "trainable": true, "function": \
            ["\\u00e3\\u0001\\u0000\\u0000\\u0000", null, null], "function_type": "lambda", "output_shape": null, \
            "output_shape_type": "raw", "arguments": {}}}, {"class_name": "ScaledTanh", "config": {"name": \
            "scaledtanh_1", "trainable": true, "scale": 2.0}}], "keras_version": "1.2.2"}""";

    /** The user's knowledge of {@code lambda_1}: {@code 2 * x + 1} on the last axis. */
    private static final LayerConverter TWICE_PLUS_ONE = new LayerConverter() {
        @Override
        public List<String> classNames() {
            return List.of("Lambda");
        }

        @Override
        public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
            ctx.weights().expect();
            KerasTensor x = ctx.single(inputs);
            int n = x.shape().dim(-1);
            float[] two = new float[n];
            float[] one = new float[n];
            Arrays.fill(two, 2f);
            Arrays.fill(one, 1f);
            String y = ctx.add("affine", new ChannelAffine(x.rank() - 1, two, one), ctx.logical(x));
            return List.of(ctx.logicalTensor(y));
        }
    };

    private static ImportedModel load(ImportOptions options) throws Exception {
        // W = [[1, 0, -1], [0, 1, 1]], b = [0, 0, -0.5]
        WeightStore weights = WeightStore.inMemory(Path.of("weights.h5"), Map.of(
                "dense_1", List.of(new NamedWeight("dense_1_W", Tensor.of(new float[] {1, 0, -1, 0, 1, 1}, 2, 3)),
                        new NamedWeight("dense_1_b", Tensor.of(new float[] {0, 0, -0.5f}, 3))),
                "lambda_1", List.of(), "scaledtanh_1", List.of()));
        return KerasModelLoader.load(new KerasModelSource(Path.of("model.json"), Optional.of("1.2.2"),
                JSON, Optional.of(weights)), options);
    }

    @Test
    void lambdaByNameAndCustomClassByServiceRunOnTheJavaEngine() throws Exception {
        ImportedModel m = load(ImportOptions.defaults().withLayerConverter("lambda_1", TWICE_PLUS_ONE));
        // x = (0.5, -0.25): dense = (0.5, -0.25, -0.5 - 0.25 - 0.5 = -1.25); lambda = (2, 0.5, -1.5);
        // scaled tanh = 2 tanh(.)
        float[] expected = {(float) (2 * Math.tanh(2)), (float) (2 * Math.tanh(0.5)), (float) (2 * Math.tanh(-1.5))};
        try (JavaEngine engine = JavaEngine.create(m.graph())) {
            Tensor y = engine.predict(Map.of("dense_input_1", Tensor.of(new float[] {0.5f, -0.25f}, 1, 2)))
                    .get("scaledtanh_1");
            assertArrayEquals(expected, y.data(), 1e-6f);
        }
    }

    @Test
    void anUnmappedLambdaIsUnsupportedAndNamesTheExtensionPoint() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(ImportOptions.defaults()));
        assertTrue(e.getMessage().contains("lambda_1") && e.getMessage().contains("withLayerConverter"),
                e.getMessage());
    }

    @Test
    void anUnknownClassIsUnsupportedAndNamesTheExtensionPoint() {
        String json = JSON.replace("\"ScaledTanh\"", "\"Swish\"");
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> KerasModelLoader.load(new KerasModelSource(Path.of("model.json"), Optional.of("1.2.2"),
                        json, Optional.empty()),
                        ImportOptions.defaults().withLayerConverter("lambda_1", TWICE_PLUS_ONE)));
        assertTrue(e.getMessage().contains("scaledtanh_1") && e.getMessage().contains("Swish")
                && e.getMessage().contains("withConverter") && e.getMessage().contains("LayerConverterProvider"),
                e.getMessage());
    }

    @Test
    void aUserConverterForABuiltInClassIsRejected() {
        LayerConverter dense = new LayerConverter() {
            @Override
            public List<String> classNames() {
                return List.of("Dense");
            }

            @Override
            public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
                throw new AssertionError("never called");
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> load(ImportOptions.defaults().withConverter(dense)));
        assertTrue(e.getMessage().contains("Dense"), e.getMessage());
    }
}
