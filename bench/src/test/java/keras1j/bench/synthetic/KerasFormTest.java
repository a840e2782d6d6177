package keras1j.bench.synthetic;

import static keras1j.bench.synthetic.Keras1Layers.atrousConvolution1D;
import static keras1j.bench.synthetic.Keras1Layers.convolution1D;
import static keras1j.bench.synthetic.Keras1Layers.convolution2D;
import static keras1j.bench.synthetic.Keras1Layers.convolution3D;
import static keras1j.bench.synthetic.Keras1Layers.deconvolution2D;
import static keras1j.bench.synthetic.Keras1Layers.merge;
import static keras1j.bench.synthetic.Keras1Layers.zeroPadding1D;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import keras1j.bench.BenchModels;
import keras1j.keras.io.KerasFiles;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The builders write what Keras 1.2.2 writes: rebuilding fixture models (saved by real Keras 1.2.2)
 * gives their {@code model.json} key for key in the same order, and weight stores with the same
 * layer names, weight names and shapes as their {@code weights.h5} (fixtures saved on Theano have no
 * {@code :0} suffix; the synthetic models imitate TensorFlow).
 */
class KerasFormTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> fixtureModels() {
        return Stream.of(
                Arguments.of("keras1/conv2d_tf_valid", (Supplier<SyntheticModel>) () -> SequentialBuilder
                        .withInputShape(7, 6, 3)
                        .add(convolution2D("convolution2d_1", 3, 4, 3, 3, "linear", "valid", 1))
                        .build("conv2d_tf_valid", 1)),
                Arguments.of("keras1/conv3d_tf_valid", (Supplier<SyntheticModel>) () -> SequentialBuilder
                        .withInputShape(5, 4, 4, 2)
                        .add(convolution3D("convolution3d_1", 2, 3, 3, 2, 2, "relu", "valid"))
                        .build("conv3d_tf_valid", 1)),
                Arguments.of("keras1/deconv2d_tf_same_s2", (Supplier<SyntheticModel>) () -> SequentialBuilder
                        .withInputShape(5, 4, 2)
                        .add(deconvolution2D("deconvolution2d_1", 2, 3, 3, 3, 10, 8, "linear", "same", 2))
                        .build("deconv2d_tf_same_s2", 1)),
                Arguments.of("keras1/atrousconv1d_rate2_valid", (Supplier<SyntheticModel>) () -> SequentialBuilder
                        .withInputShape(12, 3)
                        .add(atrousConvolution1D("atrousconvolution1d_1", 3, 4, 3, 2, "linear", "valid"))
                        .build("atrousconv1d_rate2_valid", 1)),
                Arguments.of("keras1-tf/tf_deconv2d_tf_same_s2_out8x6", (Supplier<SyntheticModel>) () -> {
                    FunctionalBuilder m = new FunctionalBuilder("model_1");
                    String x = m.input("input_1", 4, 3, 2);
                    x = m.apply(deconvolution2D("deconvolution2d_1", 2, 3, 3, 3, 8, 6, "linear", "same", 2), x);
                    return m.build("tf_deconv2d_tf_same_s2_out8x6", 1, x);
                }),
                Arguments.of("keras1/wavenet_residual", (Supplier<SyntheticModel>) KerasFormTest::wavenetResidual));
    }

    /** The fixture's residual stack, as its generator wrote it with the functional API. */
    private static SyntheticModel wavenetResidual() {
        FunctionalBuilder m = new FunctionalBuilder("model_1");
        String in = m.input("wave_in", 16, 2);
        String x = m.apply(convolution1D("input_proj", 2, 4, 1, "linear", "same"), in);
        for (int i = 1; i <= 3; i++) {
            String p = m.apply(zeroPadding1D("zeropadding1d_" + i, 2 << (i - 1), 0), x);
            String a = m.apply(atrousConvolution1D("atrousconvolution1d_" + i, 4, 4, 3, 1 << (i - 1), "tanh", "valid"),
                    p);
            String c = m.apply(convolution1D("convolution1d_" + i, 4, 4, 1, "linear", "valid"), a);
            x = m.apply(merge("merge_" + i, "sum"), x, c);
        }
        String out = m.apply(convolution1D("wave_out", 4, 3, 1, "softmax", "valid"), x);
        return m.build("wavenet_residual", 1, out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureModels")
    void rebuiltFixtureJsonEqualsKerasOutputInContentAndKeyOrder(String fixture, Supplier<SyntheticModel> model)
            throws IOException {
        Path dir = BenchModels.repositoryRoot().resolve("fixtures").resolve(fixture);
        String keras = JSON.writeValueAsString(JSON.readTree(Files.readString(dir.resolve("model.json"))));
        assertEquals(keras, JSON.writeValueAsString(model.get().json()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureModels")
    void rebuiltFixtureWeightsHaveTheSavedLayerNamesWeightNamesAndShapes(String fixture,
            Supplier<SyntheticModel> model) {
        Path dir = BenchModels.repositoryRoot().resolve("fixtures").resolve(fixture);
        WeightStore keras = KerasFiles.readWeights(dir.resolve("weights.h5"));
        WeightStore ours = model.get().weights();
        assertEquals(keras.layerNames(), ours.layerNames());
        for (String layer : keras.layerNames()) {
            assertEquals(describe(keras.weights(layer)), describe(ours.weights(layer)), layer);
        }
    }

    private static List<String> describe(List<NamedWeight> weights) {
        List<String> d = new ArrayList<>();
        for (NamedWeight w : weights) {
            String name = w.name().endsWith(":0") ? w.name().substring(0, w.name().length() - 2) : w.name();
            d.add(name + Arrays.toString(w.value().shape()));
        }
        return d;
    }
}
