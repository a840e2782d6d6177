package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.Imports.weights;
import static keras1j.keras.layers.KerasReference.run;
import static keras1j.keras.layers.KerasReference.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.Backend;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.layers.KerasReference.Axis;
import keras1j.runtime.tensor.Tensor;

/**
 * Convolution, pooling and transposed-convolution values on both backends for the parameter values
 * the fixtures do not cover, against {@link KerasReference} (Keras 1.2.2's backend code written out),
 * through {@code KerasModelLoader} and the Java engine. Configurations Keras 1.2.2 cannot run are
 * rejected.
 */
class WindowSemanticsTest {
    private static final float TOL = 1e-5f;

    private static ImportOptions on(Backend b) {
        return ImportOptions.defaults().withBackend(b);
    }

    private static String suffix(Backend b) {
        return b == Backend.TENSORFLOW ? ":0" : "";
    }

    // ---- pooling -------------------------------------------------------------------------------

    static String pool1d(String cls, int n, int p, int s, String mode) {
        String name = cls.toLowerCase() + "_1";
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \""
                + name + "\", \"trainable\": true, \"batch_input_shape\": [null, " + n + ", 2], \"input_dtype\": "
                + "\"float32\", \"stride\": " + s + ", \"pool_length\": " + p + ", \"border_mode\": \"" + mode
                + "\"}}], \"keras_version\": \"1.2.2\"}";
    }

    static String pool3d(String cls, int[] n, int p, int s, String mode) {
        String name = cls.toLowerCase() + "_1";
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \""
                + name + "\", \"trainable\": true, \"batch_input_shape\": [null, " + n[0] + ", " + n[1] + ", " + n[2]
                + ", 2], \"input_dtype\": \"float32\", \"pool_size\": [" + p + ", " + p + ", " + p + "], "
                + "\"border_mode\": \"" + mode + "\", \"strides\": [" + s + ", " + s + ", " + s + "], "
                + "\"dim_ordering\": \"tf\"}}], \"keras_version\": \"1.2.2\"}";
    }

    static Stream<Arguments> pooling1dCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (String mode : List.of("same", "valid")) {
                for (int p = 1; p <= 4; p++) {
                    for (int s = 1; s <= 3; s++) {
                        cases.add(Arguments.of(b, mode, p, s, p % 2 == 0 ? "MaxPooling1D" : "AveragePooling1D"));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {4} {1} pool {2} stride {3}")
    @MethodSource("pooling1dCases")
    void pooling1dMatchesKerasOnEachBackend(Backend backend, String mode, int p, int s, String cls) {
        int n = 7;
        ImportedModel m = load(pool1d(cls, n, p, s, mode), null, on(backend));
        float[] x = values(n * 2, 0.5f);
        Axis axis = backend == Backend.THEANO ? KerasReference.theanoPool(1, mode, n, p, s)
                : KerasReference.tensorflow(mode, n, p, s);
        float[] expected = KerasReference.pool(x, new int[] {n}, 2, new int[] {p}, new int[] {s}, new Axis[] {axis},
                cls.startsWith("Max"));
        Tensor y = run(m, Tensor.of(x, 1, n, 2));
        assertArrayEquals(new int[] {1, axis.count(), 2}, y.shape());
        assertArrayEquals(expected, y.data(), TOL);
    }

    static Stream<Arguments> pooling3dCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (String mode : List.of("same", "valid")) {
                for (int p = 1; p <= 4; p++) {
                    for (int s = 1; s <= 3; s++) {
                        if (!(b == Backend.THEANO && mode.equals("same") && p == 1)) {
                            cases.add(Arguments.of(b, mode, p, s, s == 2 ? "MaxPooling3D" : "AveragePooling3D"));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {4} {1} pool {2} stride {3}")
    @MethodSource("pooling3dCases")
    void pooling3dMatchesKerasOnEachBackend(Backend backend, String mode, int p, int s, String cls) {
        int[] n = {4, 5, 6};
        ImportedModel m = load(pool3d(cls, n, p, s, mode), null, on(backend));
        float[] x = values(4 * 5 * 6 * 2, 0.25f);
        Axis[] axes = new Axis[3];
        for (int a = 0; a < 3; a++) {
            axes[a] = backend == Backend.THEANO ? KerasReference.theanoPool(3, mode, n[a], p, s)
                    : KerasReference.tensorflow(mode, n[a], p, s);
        }
        float[] expected = KerasReference.pool(x, n, 2, new int[] {p, p, p}, new int[] {s, s, s}, axes,
                cls.startsWith("Max"));
        Tensor y = run(m, Tensor.of(x, 1, 4, 5, 6, 2));
        assertArrayEquals(new int[] {1, axes[0].count(), axes[1].count(), axes[2].count(), 2}, y.shape());
        assertArrayEquals(expected, y.data(), TOL);
    }

    @Test
    void theanoSamePooling3dWithPoolSizeOneIsRejected() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(pool3d("MaxPooling3D", new int[] {4, 5, 6}, 1, 1, "same"), null, on(Backend.THEANO)));
        assertEquals("model.json: layer 'maxpooling3d_1' (MaxPooling3D): 'border_mode' = 'same' is not supported: "
                + "with a pool size of 1, Keras 1.2.2's Theano pool3d passes a padding of -1 to Theano", e.getMessage());
    }

    @Test
    void theanoSamePooling1dWithPoolSizeOneIsTheIdentity() {
        ImportedModel m = load(pool1d("MaxPooling1D", 5, 1, 1, "same"), null, on(Backend.THEANO));
        float[] x = values(10, 1f);
        assertArrayEquals(x, run(m, Tensor.of(x, 1, 5, 2)).data());
    }

    // ---- 1D convolutions -----------------------------------------------------------------------

    static String conv1d(String cls, int n, int k, int s, int rate, String mode) {
        String name = cls.toLowerCase() + "_1";
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \""
                + name + "\", \"trainable\": true, \"batch_input_shape\": [null, " + n + ", 2], \"input_dtype\": "
                + "\"float32\", \"nb_filter\": 3, \"filter_length\": " + k + ", \"init\": \"glorot_uniform\", "
                + "\"activation\": \"linear\", \"border_mode\": \"" + mode + "\", \"subsample_length\": " + s + ", "
                + "\"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": "
                + "null, \"b_constraint\": null, \"bias\": true, \"input_dim\": 2, \"input_length\": " + n
                + (cls.startsWith("Atrous") ? ", \"atrous_rate\": " + rate : "") + "}}], \"keras_version\": \"1.2.2\"}";
    }

    static Stream<Arguments> conv1dCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Backend b : Backend.values()) {
            for (String mode : b == Backend.THEANO ? List.of("same", "valid", "full") : List.of("same", "valid")) {
                for (int k = 1; k <= 4; k++) {
                    for (int s = 1; s <= 3; s++) {
                        for (int rate = 1; rate <= 2; rate++) {
                            if (b == Backend.TENSORFLOW && rate > 1 && s > 1) {
                                continue; // rejected, see tensorflowDilatedConvolutionWithStridesIsRejected
                            }
                            cases.add(Arguments.of(b, mode, k, s, rate));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} k {2} stride {3} rate {4}")
    @MethodSource("conv1dCases")
    void convolution1dMatchesKerasOnEachBackend(Backend backend, String mode, int k, int s, int rate) {
        int n = 8;
        String cls = rate == 1 ? "Convolution1D" : "AtrousConvolution1D";
        String name = cls.toLowerCase() + "_1";
        float[] w = values(k * 2 * 3, 0.1f);
        float[] b = {0.5f, -0.25f, 0f};
        ImportedModel m = load(conv1d(cls, n, k, s, rate, mode), weights().layer(name,
                weight(name + "_W" + suffix(backend), w, k, 1, 2, 3), weight(name + "_b" + suffix(backend), b, 3)));
        assertEquals(backend, m.backend());
        int ke = (k - 1) * rate + 1;
        Axis axis = backend == Backend.THEANO ? KerasReference.theanoConv(mode, n, k, s, rate)
                : KerasReference.tensorflow(mode, n, ke, s);
        float[] kernel = backend == Backend.THEANO ? KerasReference.flip(w, new int[] {k}, 2, 3) : w;
        float[] x = values(n * 2, 1f);
        float[] expected = KerasReference.correlate(x, new int[] {n}, 2, kernel, new int[] {k}, 3, b, new int[] {s},
                new int[] {rate}, new Axis[] {axis});
        Tensor y = run(m, Tensor.of(x, 1, n, 2));
        assertArrayEquals(new int[] {1, axis.count(), 3}, y.shape());
        assertArrayEquals(expected, y.data(), TOL);
    }

    // ---- 3D convolutions -----------------------------------------------------------------------

    static String conv3d(String ordering, int[] inTf, int[] k, int[] s, String mode) {
        String shape = ordering.equals("th") ? "[null, 2, " + inTf[0] + ", " + inTf[1] + ", " + inTf[2] + "]"
                : "[null, " + inTf[0] + ", " + inTf[1] + ", " + inTf[2] + ", 2]";
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution3D\", \"config\": {\"name\": "
                + "\"convolution3d_1\", \"trainable\": true, \"batch_input_shape\": " + shape + ", \"input_dtype\": "
                + "\"float32\", \"nb_filter\": 2, \"kernel_dim1\": " + k[0] + ", \"kernel_dim2\": " + k[1] + ", "
                + "\"kernel_dim3\": " + k[2] + ", \"dim_ordering\": \"" + ordering + "\", \"init\": \"glorot_uniform\", "
                + "\"activation\": \"linear\", \"border_mode\": \"" + mode + "\", \"subsample\": [" + s[0] + ", " + s[1]
                + ", " + s[2] + "], \"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, "
                + "\"W_constraint\": null, \"b_constraint\": null, \"bias\": true}}], \"keras_version\": \"1.2.2\"}";
    }

    @ParameterizedTest(name = "{0} {1} {2} kernel {3}x{4}x{5} stride {6}x{7}x{8}")
    @CsvSource({
        "THEANO, th, same, 2, 3, 2, 2, 1, 2",
        "THEANO, tf, same, 4, 2, 3, 1, 3, 2",
        "THEANO, th, same, 3, 3, 3, 2, 2, 2",
        "THEANO, tf, full, 2, 3, 1, 1, 2, 1",
        "THEANO, th, valid, 2, 2, 3, 2, 1, 3",
        "TENSORFLOW, th, same, 2, 3, 2, 2, 1, 2",
        "TENSORFLOW, tf, same, 4, 2, 3, 1, 3, 2",
        "TENSORFLOW, tf, valid, 2, 2, 3, 2, 1, 3"
    })
    void convolution3dMatchesKerasOnEachBackendAndOrdering(Backend backend, String ordering, String mode, int k1,
            int k2, int k3, int s1, int s2, int s3) {
        int[] n = {5, 4, 6};
        int[] k = {k1, k2, k3};
        int[] s = {s1, s2, s3};
        int taps = k1 * k2 * k3;
        float[] wTf = values(taps * 2 * 2, 0.1f); // (k1, k2, k3, in, out)
        float[] w = ordering.equals("th") ? Layouts.transpose(Tensor.of(wTf, k1, k2, k3, 2, 2), 4, 3, 0, 1, 2).data()
                : wTf;
        int[] wShape = ordering.equals("th") ? new int[] {2, 2, k1, k2, k3} : new int[] {k1, k2, k3, 2, 2};
        float[] b = {0.125f, -1f};
        ImportedModel m = load(conv3d(ordering, n, k, s, mode), weights().layer("convolution3d_1",
                weight("convolution3d_1_W" + suffix(backend), w, wShape),
                weight("convolution3d_1_b" + suffix(backend), b, 2)));
        Axis[] axes = new Axis[3];
        for (int a = 0; a < 3; a++) {
            axes[a] = backend == Backend.THEANO ? KerasReference.theanoConv(mode, n[a], k[a], s[a], 1)
                    : KerasReference.tensorflow(mode, n[a], k[a], s[a]);
        }
        float[] kernel = backend == Backend.THEANO ? KerasReference.flip(wTf, k, 2, 2) : wTf;
        float[] x = values(5 * 4 * 6 * 2, 0.5f);
        float[] expected = KerasReference.correlate(x, n, 2, kernel, k, 2, b, s, new int[] {1, 1, 1}, axes);
        Tensor in = Tensor.of(x, 1, 5, 4, 6, 2);
        Tensor y = ordering.equals("th") ? Layouts.transpose(run(m, Layouts.transpose(in, 0, 4, 1, 2, 3)), 0, 2, 3, 4, 1)
                : run(m, in);
        assertArrayEquals(new int[] {1, axes[0].count(), axes[1].count(), axes[2].count(), 2}, y.shape());
        assertArrayEquals(expected, y.data(), TOL);
    }

    // ---- atrous convolutions on TensorFlow -----------------------------------------------------

    static String atrous2d(int[] rate, int[] s) {
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"AtrousConvolution2D\", \"config\": "
                + "{\"name\": \"atrousconvolution2d_1\", \"trainable\": true, \"batch_input_shape\": [null, 9, 9, 2], "
                + "\"input_dtype\": \"float32\", \"nb_filter\": 2, \"nb_row\": 3, \"nb_col\": 3, \"init\": "
                + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"valid\", \"subsample\": [" + s[0]
                + ", " + s[1] + "], \"dim_ordering\": \"tf\", \"W_regularizer\": null, \"b_regularizer\": null, "
                + "\"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"atrous_rate\": [" + rate[0] + ", " + rate[1] + "]}}], \"keras_version\": \"1.2.2\"}";
    }

    @Test
    void tensorflowAtrousConvolutionWithUnequalRatesIsRejected() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(atrous2d(new int[] {1, 3}, new int[] {1, 1}), null, on(Backend.TENSORFLOW)));
        assertEquals("model.json: layer 'atrousconvolution2d_1' (AtrousConvolution2D): 'atrous_rate' = [1,3] is not "
                + "supported: Keras 1.2.2's TensorFlow backend (tf.nn.atrous_conv2d) requires the same rate on both "
                + "axes", e.getMessage());
    }

    @Test
    void tensorflowDilatedConvolutionWithStridesIsRejected() {
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class,
                () -> load(atrous2d(new int[] {2, 2}, new int[] {2, 1}), null, on(Backend.TENSORFLOW)));
        assertEquals("model.json: layer 'atrousconvolution2d_1' (AtrousConvolution2D): 'subsample' = [2,1] is not "
                + "supported: Keras 1.2.2's TensorFlow backend runs dilated convolutions with tf.nn.atrous_conv2d, "
                + "which has no strides", e.getMessage());
        UnsupportedFeatureException e1 = assertThrows(UnsupportedFeatureException.class,
                () -> load(conv1d("AtrousConvolution1D", 8, 3, 2, 2, "same"), null, on(Backend.TENSORFLOW)));
        assertEquals("model.json: layer 'atrousconvolution1d_1' (AtrousConvolution1D): 'subsample_length' = 2 is "
                + "not supported: Keras 1.2.2's TensorFlow backend runs dilated convolutions with "
                + "tf.nn.atrous_conv2d, which has no strides", e1.getMessage());
    }

    @Test
    void atrousConvolutionWithRateOneOrOnTheanoKeepsItsStrides() {
        ImportedModel tf = load(atrous2d(new int[] {1, 1}, new int[] {3, 3}), null, on(Backend.TENSORFLOW));
        assertEquals("(None, 3, 3, 2)", tf.layers().get(0).outputShapes().get(0));
        // Theano's conv2d takes unequal rates and strides: extents 3 and 7, (9-3)/2+1 and (9-7)/1+1
        ImportedModel th = load(atrous2d(new int[] {1, 3}, new int[] {2, 1}), null, on(Backend.THEANO));
        assertEquals("(None, 4, 3, 2)", th.layers().get(0).outputShapes().get(0));
    }

    // ---- Deconvolution2D -----------------------------------------------------------------------

    static String deconv(String ordering, int[] in, int[] k, int[] s, int[] out, String mode) {
        String inShape = ordering.equals("th") ? "[null, 2, " + in[0] + ", " + in[1] + "]"
                : "[null, " + in[0] + ", " + in[1] + ", 2]";
        String outShape = ordering.equals("th") ? "[null, 3, " + out[0] + ", " + out[1] + "]"
                : "[null, " + out[0] + ", " + out[1] + ", 3]";
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Deconvolution2D\", \"config\": {\"name\": "
                + "\"deconvolution2d_1\", \"trainable\": true, \"batch_input_shape\": " + inShape + ", \"input_dtype\": "
                + "\"float32\", \"nb_filter\": 3, \"nb_row\": " + k[0] + ", \"nb_col\": " + k[1] + ", \"init\": "
                + "\"glorot_uniform\", \"activation\": \"linear\", \"border_mode\": \"" + mode + "\", \"subsample\": ["
                + s[0] + ", " + s[1] + "], \"dim_ordering\": \"" + ordering + "\", \"W_regularizer\": null, "
                + "\"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": "
                + "null, \"bias\": true, \"output_shape\": " + outShape + "}}], \"keras_version\": \"1.2.2\"}";
    }

    /**
     * Keras 1.2.2 deconv2d on one channels-last sample, as the gradient of the forward convolution:
     * Theano {@code y[i*s + j - pad] += x[i] * W[k-1-j]} (true convolution, pad k/2, 0 or k-1), TensorFlow
     * {@code y[i*s + j - before] += x[i] * W[j]} with the SAME/VALID padding of the forward convolution of
     * {@code out}. {@code wTf} is {@code (rows, cols, in, nb_filter)}.
     */
    static float[] deconvReference(Backend backend, String mode, float[] x, int[] n, float[] wTf, int[] k, int[] s,
            int[] out, float[] bias) {
        int[] before = new int[2];
        for (int a = 0; a < 2; a++) {
            if (backend == Backend.THEANO) {
                before[a] = mode.equals("same") ? k[a] / 2 : mode.equals("full") ? k[a] - 1 : 0;
            } else {
                before[a] = mode.equals("same") ? Math.max(0, (n[a] - 1) * s[a] + k[a] - out[a]) / 2 : 0;
            }
        }
        float[] y = new float[out[0] * out[1] * 3];
        for (int p = 0; p < out[0] * out[1]; p++) {
            System.arraycopy(bias, 0, y, p * 3, 3);
        }
        for (int i0 = 0; i0 < n[0]; i0++) {
            for (int i1 = 0; i1 < n[1]; i1++) {
                for (int j0 = 0; j0 < k[0]; j0++) {
                    for (int j1 = 0; j1 < k[1]; j1++) {
                        int u0 = i0 * s[0] + j0 - before[0];
                        int u1 = i1 * s[1] + j1 - before[1];
                        if (u0 < 0 || u0 >= out[0] || u1 < 0 || u1 >= out[1]) {
                            continue;
                        }
                        int w0 = backend == Backend.THEANO ? k[0] - 1 - j0 : j0;
                        int w1 = backend == Backend.THEANO ? k[1] - 1 - j1 : j1;
                        for (int ci = 0; ci < 2; ci++) {
                            for (int co = 0; co < 3; co++) {
                                y[(u0 * out[1] + u1) * 3 + co] += x[(i0 * n[1] + i1) * 2 + ci]
                                        * wTf[((w0 * k[1] + w1) * 2 + ci) * 3 + co];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    @ParameterizedTest(name = "{0} {1} {2}: in {3}x{4} kernel {5}x{6} stride {7}x{8} out {9}x{10}")
    @CsvSource({
        // Theano, even kernels with 'same' where Keras' crop to ceil(in/stride) keeps everything
        "THEANO, th, same, 5, 4, 2, 2, 1, 1, 4, 3",
        "THEANO, tf, same, 6, 5, 4, 3, 1, 1, 5, 5",
        "THEANO, th, same, 1, 3, 2, 2, 2, 1, 1, 2",
        // Theano, odd kernels, valid and full
        "THEANO, tf, same, 5, 4, 3, 3, 2, 2, 9, 7",
        "THEANO, th, valid, 5, 4, 3, 2, 2, 2, 11, 8",
        "THEANO, tf, full, 5, 3, 3, 2, 1, 2, 3, 4",
        // output_shape above the minimum: the extra rows and columns receive what the kernel reaches, or the bias
        "THEANO, th, valid, 4, 4, 3, 3, 2, 2, 10, 9",
        "THEANO, th, same, 3, 3, 3, 3, 2, 2, 6, 5",
        "TENSORFLOW, tf, valid, 4, 4, 3, 2, 3, 2, 12, 8",
        // TensorFlow
        "TENSORFLOW, th, same, 4, 4, 4, 3, 2, 2, 8, 7",
        "TENSORFLOW, tf, valid, 4, 3, 2, 3, 2, 2, 9, 8"
    })
    void deconvolutionMatchesKerasOnEachBackendAndOrdering(Backend backend, String ordering, String mode, int n0,
            int n1, int k0, int k1, int s0, int s1, int o0, int o1) {
        int[] n = {n0, n1};
        int[] k = {k0, k1};
        int[] s = {s0, s1};
        int[] out = {o0, o1};
        float[] wTf = values(k0 * k1 * 2 * 3, 0.1f);
        float[] w = ordering.equals("th") ? Layouts.transpose(Tensor.of(wTf, k0, k1, 2, 3), 3, 2, 0, 1).data() : wTf;
        int[] wShape = ordering.equals("th") ? new int[] {3, 2, k0, k1} : new int[] {k0, k1, 2, 3};
        float[] b = {1f, 0f, -0.5f};
        ImportedModel m = load(deconv(ordering, n, k, s, out, mode), weights().layer("deconvolution2d_1",
                weight("deconvolution2d_1_W" + suffix(backend), w, wShape),
                weight("deconvolution2d_1_b" + suffix(backend), b, 3)));
        float[] x = values(n0 * n1 * 2, 1f);
        float[] expected = deconvReference(backend, mode, x, n, wTf, k, s, out, b);
        Tensor in = Tensor.of(x, 1, n0, n1, 2);
        Tensor y = ordering.equals("th") ? Layouts.transpose(run(m, Layouts.transpose(in, 0, 3, 1, 2)), 0, 2, 3, 1)
                : run(m, in);
        assertArrayEquals(new int[] {1, o0, o1, 3}, y.shape());
        assertArrayEquals(expected, y.data(), TOL);
    }

    @Test
    void theanoEvenKernelSameDeconvolutionThatKerasCropsIsRejected() {
        // Theano's half-padded forward convolution of 4 rows with kernel 2, stride 2 gives 4//2 + 1 = 3 rows
        UnsupportedFeatureException e = assertThrows(UnsupportedFeatureException.class, () -> load(
                deconv("th", new int[] {3, 3}, new int[] {2, 3}, new int[] {2, 2}, new int[] {4, 5}, "same"), null,
                on(Backend.THEANO)));
        assertEquals("model.json: layer 'deconvolution2d_1' (Deconvolution2D): 'border_mode' = 'same' is not "
                + "supported: with the even kernel size 2 on the Theano backend Keras 1.2.2 crops the output to "
                + "ceil(3/2) = 2, fewer than the 4 of output_shape (None, 3, 4, 5) (the layer's declared shape and "
                + "its values disagree)", e.getMessage());
    }

    @Test
    void theanoDeconvolutionOutputShapeThatTheanoRejectsIsInvalid() {
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(
                deconv("tf", new int[] {4, 4}, new int[] {3, 3}, new int[] {1, 1}, new int[] {7, 6}, "valid"), null,
                on(Backend.THEANO)));
        assertEquals("model.json: layer 'deconvolution2d_1' (Deconvolution2D): output_shape (None, 7, 6, 3) does not "
                + "fit the input: a 'valid' convolution of size 7 with stride 1 gives 5, the input has 4 (Theano "
                + "rejects it)", e.getMessage());
    }

    @Test
    void theanoEvenKernelSameDeconvolutionWantsOneLessThanTheInput() {
        // Theano's half padding of an even kernel gives one output more than its input: 5 in needs 4 out
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> load(
                deconv("th", new int[] {5, 4}, new int[] {2, 2}, new int[] {1, 1}, new int[] {5, 4}, "same"), null,
                on(Backend.THEANO)));
        assertEquals("model.json: layer 'deconvolution2d_1' (Deconvolution2D): output_shape (None, 3, 5, 4) does not "
                + "fit the input: a 'same' convolution of size 5 with stride 1 gives 6, the input has 5 (Theano "
                + "rejects it)", e.getMessage());
    }
}
