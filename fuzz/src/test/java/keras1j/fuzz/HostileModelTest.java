package keras1j.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.errors.InvalidModelException;
import keras1j.errors.Keras1jException;
import keras1j.errors.ResourceLimitException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * Hostile models: absurd sizes, overflowing paddings and rates, weights files that claim huge
 * datasets, a gzip bomb. Each must end within 60 s on this module's 512 MB heap with a typed error
 * (or a correct result), never an OutOfMemoryError, a wrapped-around shape or a hang.
 */
class HostileModelTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void denseOf1e5By1e5IsAResourceLimit() {
        Keras1jException e = outcome(sequential(dense(100000, 100000)), null);
        assertInstanceOf(ResourceLimitException.class, e);
        assertMentions(e, "dense_1", "40000000000 bytes", "memory budget");
    }

    @Test
    void denseWith2e9UnitsIsAResourceLimit() {
        Keras1jException e = outcome(sequential(dense(1, 2000000000)), null);
        assertInstanceOf(ResourceLimitException.class, e);
        assertMentions(e, "2000000000");
    }

    @Test
    void convolutionWith2e9FiltersIsAResourceLimit() {
        Keras1jException e = outcome(sequential(layer("Convolution2D", "[null, 8, 8, 3]",
                "\"nb_filter\": 2000000000, \"nb_row\": 3, \"nb_col\": 3, \"border_mode\": \"valid\","
                        + " \"subsample\": [1, 1], \"dim_ordering\": \"tf\", \"bias\": true, \"activation\": \"linear\"")),
                null);
        assertInstanceOf(ResourceLimitException.class, e);
    }

    @Test
    void embeddingWith2e9RowsIsAResourceLimit() {
        Keras1jException e = outcome(sequential(layer("Embedding", "[null, 10]",
                "\"input_dim\": 2000000000, \"output_dim\": 8, \"input_length\": 10, \"mask_zero\": false")), null);
        assertInstanceOf(ResourceLimitException.class, e);
    }

    @Test
    void inputOfSize2pow31minus1IsTyped() {
        Keras1jException e = outcome(sequential(layer("Dense", "[null, 2147483647]",
                "\"output_dim\": 2, \"activation\": \"linear\", \"bias\": true, \"input_dim\": 2147483647")), null);
        assertInstanceOf(ResourceLimitException.class, e);
    }

    @Test
    void zeroPaddingOf2pow31minus1IsAShapeErrorNotAWrappedSize() {
        Keras1jException e = outcome(sequential(layer("ZeroPadding1D", "[null, 4, 3]", "\"padding\": 2147483647")),
                null);
        assertInstanceOf(InvalidModelException.class, e);
        assertMentions(e, "zeropadding1d_1", "padded size of axis 1");

        Keras1jException e3 = outcome(sequential(layer("ZeroPadding3D", "[null, 4, 1, 3, 2]",
                "\"padding\": [1, 2147483647, 0], \"dim_ordering\": \"tf\"")), null);
        assertInstanceOf(InvalidModelException.class, e3);
        assertMentions(e3, "zeropadding3d_1", "2147483647");
    }

    @Test
    void atrousRateOf2e9IsAShapeError() {
        Keras1jException e = outcome(sequential(layer("AtrousConvolution1D", "[null, 12, 3]",
                "\"nb_filter\": 4, \"filter_length\": 3, \"border_mode\": \"valid\", \"subsample_length\": 1,"
                        + " \"atrous_rate\": 2000000000, \"bias\": true, \"activation\": \"linear\"")), null);
        assertInstanceOf(InvalidModelException.class, e);
        assertMentions(e, "atrousconvolution1d_1");

        Keras1jException same = outcome(sequential(layer("AtrousConvolution1D", "[null, 12, 3]",
                "\"nb_filter\": 4, \"filter_length\": 3, \"border_mode\": \"same\", \"subsample_length\": 1,"
                        + " \"atrous_rate\": 2000000000, \"bias\": true, \"activation\": \"linear\"")), null);
        assertInstanceOf(Keras1jException.class, same);
        assertMentions(same, "atrousconvolution1d_1");
    }

    @Test
    void hugeStridesAndKernelsAreTypedOrCorrect() {
        // a stride beyond the input keeps one output position: a correct, tiny result
        Keras1jException stride = outcome(sequential(layer("Convolution1D", "[null, 12, 3]",
                "\"nb_filter\": 2, \"filter_length\": 3, \"border_mode\": \"valid\","
                        + " \"subsample_length\": 2147483647, \"bias\": true, \"activation\": \"linear\"")), null);
        assertEquals(null, stride);
        Keras1jException kernel = outcome(sequential(layer("Convolution1D", "[null, 12, 3]",
                "\"nb_filter\": 2, \"filter_length\": 2147483647, \"border_mode\": \"valid\","
                        + " \"subsample_length\": 1, \"bias\": true, \"activation\": \"linear\"")), null);
        assertNotNull(kernel);
        Keras1jException same = outcome(sequential(layer("Convolution1D", "[null, 12, 3]",
                "\"nb_filter\": 2, \"filter_length\": 3, \"border_mode\": \"same\","
                        + " \"subsample_length\": 2147483647, \"bias\": true, \"activation\": \"linear\"")), null);
        assertEquals(null, same);
    }

    @Test
    void upsamplingAndRepeatBeyondIntAreTyped() {
        Keras1jException up = outcome(sequential(layer("UpSampling1D", "[null, 4, 3]", "\"length\": 2000000000")),
                null);
        assertInstanceOf(InvalidModelException.class, up);
        assertMentions(up, "upsampling1d_1", "beyond the largest supported size");
        Keras1jException repeat = outcome(sequential(layer("RepeatVector", "[null, 1000]", "\"n\": 2000000000")),
                null);
        assertNotNull(repeat);
    }

    @Test
    void depthwiseRowsBeyondTheBudgetAreAResourceLimitAtEngineCreation() {
        Keras1jException e = outcome(sequential(layer("SeparableConvolution2D", "[null, 1, 100000000, 8]",
                "\"nb_filter\": 4, \"nb_row\": 1, \"nb_col\": 1, \"border_mode\": \"valid\", \"subsample\": [1, 1],"
                        + " \"depth_multiplier\": 1, \"dim_ordering\": \"tf\", \"bias\": true,"
                        + " \"activation\": \"linear\"")), null);
        assertInstanceOf(ResourceLimitException.class, e);
    }

    @Test
    void weightsFileClaimingATenBillionValueDatasetIsTyped() throws IOException {
        Keras1jException e = outcome(sequential(dense(100000, 100000)), resource("huge_weights.h5"));
        assertInstanceOf(Keras1jException.class, e);
        assertMentions(e, "huge_weights.h5", "dense_1_W");
    }

    @Test
    void gzipBombIsAResourceLimitBeforeInflating() throws IOException {
        Keras1jException e = outcome(sequential(dense(8192, 8192)), resource("gzip_bomb_weights.h5"));
        // large weights are read lazily (on first use, after the small ones): the file's damaged bias is met
        // first at import; either way the bomb is never inflated and the failure is typed and names the file
        assertInstanceOf(Keras1jException.class, e);
        if (e instanceof ResourceLimitException) {
            assertMentions(e, "dense_1_W", "memory budget");
        } else {
            assertMentions(e, "gzip_bomb_weights.h5", "dense_1");
        }
    }

    @Test
    void inflateBombInADeclaredSmallChunkIsTyped() throws IOException {
        // jhdf inflates a chunk whole, whatever its declared size: the heap runs out, and that
        // OutOfMemoryError must come out as a typed error naming the file
        Keras1jException e = outcome(sequential(dense(32, 32)), resource("inflate_bomb_weights.h5"));
        assertNotNull(e);
        assertMentions(e, "inflate_bomb_weights.h5", "dense_1");
    }

    /** Fuzzing finding: taps of a kernel wider than the input used to index before the input. */
    @Test
    void separableKernelWiderThanTheInputComputes() {
        assertEquals(null, outcome(sequential(layer("SeparableConvolution2D", "[null, 5, 5, 2]",
                "\"nb_filter\": 4, \"nb_row\": 3, \"nb_col\": 65535, \"border_mode\": \"same\","
                        + " \"subsample\": [1, 1], \"depth_multiplier\": 1, \"dim_ordering\": \"tf\", \"bias\": true,"
                        + " \"activation\": \"relu\"")), null));
    }

    @Test
    void aLargeButReasonableDenseStillWorks() {
        assertEquals(null, outcome(sequential(dense(2000, 2000)), null));
    }

    @Test
    void hostileNamesAndValuesGiveBoundedOneLineMessages() {
        String evil = "evil\nname\r\u001b[31m";
        Keras1jException named = outcome("{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Frobnicate\","
                + " \"config\": {\"name\": \"" + evil.replace("\n", "\\n").replace("\r", "\\r").replace("\u001b", "\\u001b")
                + "\", \"batch_input_shape\": [null, 4]}}]}", null);
        assertNotNull(named);
        assertMentions(named, "evil\\nname\\r\\u001b[31m");

        String huge = "x".repeat(2 << 20);
        Keras1jException big = outcome(sequential(layer("Activation", "[null, 4]", "\"activation\": \"" + huge + "\"")),
                null);
        assertNotNull(big);
        assertTrue(big.getMessage().contains("[" + (huge.length() + 2) + " chars]"), big.getMessage());
        assertTrue(big.getMessage().length() < 400, big.getMessage());
    }

    /** Imports {@code json} (with {@code weights} if given), compiles and runs it; the typed failure, or null. */
    private Keras1jException outcome(String json, Path weights) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            Path model = tmp.resolve("model.json");
            Files.writeString(model, json);
            try {
                ImportedModel m = KerasModelLoader.load(model, weights, ImportOptions.defaults().withRandomWeights(1));
                try (JavaEngine engine = JavaEngine.create(m.graph())) {
                    var input = m.graph().inputs().get(0);
                    int[] dims = input.shape().withBatch(1).dims();
                    Tensor out = engine.predict(Map.of(input.name(), Tensor.of(new float[(int) Tensor.elementCount(dims)],
                            dims))).values().iterator().next();
                    int[] expected = m.graph().shapeOf(m.graph().outputs().get(0).value()).withBatch(1).dims();
                    assertArrayEquals(expected, out.shape());
                    assertFalse(Arrays.toString(out.data()).contains("NaN"));
                }
                return null;
            } catch (Keras1jException e) {
                Invariants.checkMessage(e);
                return e;
            }
        });
    }

    private Path resource(String name) throws IOException {
        Path p = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("hostile/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static String sequential(String layer) {
        return "{\"class_name\": \"Sequential\", \"config\": [" + layer + "], \"keras_version\": \"1.2.2\"}";
    }

    private static String dense(int in, int out) {
        return layer("Dense", "[null, " + in + "]", "\"output_dim\": " + out
                + ", \"activation\": \"linear\", \"bias\": true, \"input_dim\": " + in);
    }

    private static String layer(String cls, String batchInputShape, String fields) {
        return "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"" + cls.toLowerCase() + "_1\","
                + " \"trainable\": true, \"batch_input_shape\": " + batchInputShape + ", \"input_dtype\": \"float32\", "
                + fields + "}}";
    }

    private static void assertMentions(Keras1jException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), () -> "'" + p + "' not in: " + e.getMessage());
        }
    }
}
