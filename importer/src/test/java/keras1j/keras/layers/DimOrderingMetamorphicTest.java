package keras1j.keras.layers;

import static keras1j.keras.layers.Imports.load;
import static keras1j.keras.layers.Imports.weight;
import static keras1j.keras.layers.KerasReference.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportedModel;
import keras1j.keras.LayerTap;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * Metamorphic check of {@code th} against {@code tf}: the same small model written once in each
 * ordering, with correspondingly transposed weights (and, after Flatten, Dense rows permuted from
 * (channels, rows, cols) to (rows, cols, channels) order), must give every layer's output up to the
 * layout transpose, and the same Dense output, on each backend. Covers Convolution2D with strides,
 * AtrousConvolution2D, ZeroPadding2D (4-tuple), MaxPooling2D same, UpSampling2D, Cropping2D,
 * BatchNormalization on the channel axis, Deconvolution2D, AveragePooling2D same, Flatten, Dense,
 * and the 3D counterparts (Convolution3D, ZeroPadding3D, MaxPooling3D, UpSampling3D, Cropping3D,
 * AveragePooling3D).
 */
class DimOrderingMetamorphicTest {

    /** One layer of a Sequential model: its Keras class, config body (after the name) and weights. */
    private record Layer(String cls, String name, String body, List<float[]> weights, List<int[]> shapes,
            List<String> roles) {
    }

    private static Layer layer(String cls, String name, String body) {
        return new Layer(cls, name, body, List.of(), List.of(), List.of());
    }

    private static String json(List<Layer> layers, String batchInputShape) {
        StringBuilder sb = new StringBuilder("{\"class_name\": \"Sequential\", \"config\": [");
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            sb.append(i == 0 ? "" : ", ").append("{\"class_name\": \"").append(l.cls()).append("\", \"config\": {")
                    .append("\"name\": \"").append(l.name()).append("\", \"trainable\": true");
            if (i == 0) {
                sb.append(", \"batch_input_shape\": ").append(batchInputShape).append(", \"input_dtype\": \"float32\"");
            }
            sb.append(l.body().isEmpty() ? "" : ", " + l.body()).append("}}");
        }
        return sb.append("], \"keras_version\": \"1.2.2\"}").toString();
    }

    private static Imports.Weights weightsOf(List<Layer> layers, Backend backend) {
        Imports.Weights w = Imports.weights();
        String suffix = backend == Backend.TENSORFLOW ? ":0" : "";
        for (Layer l : layers) {
            List<keras1j.keras.io.NamedWeight> named = new ArrayList<>();
            for (int i = 0; i < l.weights().size(); i++) {
                named.add(weight(l.name() + "_" + l.roles().get(i) + suffix, l.weights().get(i), l.shapes().get(i)));
            }
            w.layer(l.name(), named.toArray(new keras1j.keras.io.NamedWeight[0]));
        }
        return w;
    }

    private static String conv(String ordering, int filters, String mode, String extra) {
        return "\"nb_filter\": " + filters + ", " + extra + ", \"init\": \"glorot_uniform\", \"activation\": \"relu\", "
                + "\"border_mode\": \"" + mode + "\", \"dim_ordering\": \"" + ordering + "\", \"W_regularizer\": null, "
                + "\"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": "
                + "null, \"bias\": true";
    }

    /** A conv kernel: tf layout {@code (k..., in, out)}; th {@code (out, in, k...)}. */
    private static Layer convLayer(String cls, String name, String body, DimOrdering o, int[] k, int in, int out,
            float scale) {
        int r = k.length;
        int[] tfShape = new int[r + 2];
        System.arraycopy(k, 0, tfShape, 0, r);
        tfShape[r] = in;
        tfShape[r + 1] = out;
        Tensor tf = Tensor.of(values((int) Tensor.elementCount(tfShape), scale), tfShape);
        Tensor w = tf;
        if (o == DimOrdering.TH) {
            int[] perm = new int[r + 2];
            perm[0] = r + 1;
            perm[1] = r;
            for (int i = 0; i < r; i++) {
                perm[i + 2] = i;
            }
            w = Layouts.transpose(tf, perm);
        }
        float[] bias = values(out, 0.05f);
        return new Layer(cls, name, body, List.of(w.data(), bias), List.of(w.shape(), new int[] {out}),
                List.of("W", "b"));
    }

    private static Layer batchNorm(DimOrdering o, int rank, int c) {
        int axis = o == DimOrdering.TH ? 1 : -1;
        float[] gamma = values(c, 0.3f);
        for (int i = 0; i < c; i++) {
            gamma[i] += 2f;
        }
        float[] var = values(c, 0.1f);
        for (int i = 0; i < c; i++) {
            var[i] = var[i] * var[i] + 0.5f;
        }
        return new Layer("BatchNormalization", "batchnormalization_1", "\"epsilon\": 0.001, \"mode\": 0, \"axis\": "
                + axis + ", \"momentum\": 0.99, \"gamma_regularizer\": null, \"beta_regularizer\": null",
                List.of(gamma, values(c, 0.2f), values(c, 0.4f), var),
                List.of(new int[] {c}, new int[] {c}, new int[] {c}, new int[] {c}),
                List.of("gamma", "beta", "running_mean", "running_std"));
    }

    /** Dense after Flatten of a {@code (spatial..., c)} map: tf rows in (spatial..., c) order, th in (c, spatial...). */
    private static Layer dense(DimOrdering o, int[] spatial, int c, int out) {
        int n = (int) Tensor.elementCount(spatial);
        float[] tf = values(n * c * out, 0.02f);
        float[] w = tf;
        if (o == DimOrdering.TH) {
            w = new float[tf.length];
            for (int p = 0; p < n; p++) {
                for (int ch = 0; ch < c; ch++) {
                    System.arraycopy(tf, (p * c + ch) * out, w, (ch * n + p) * out, out);
                }
            }
        }
        return new Layer("Dense", "dense_1", "\"output_dim\": " + out + ", \"init\": \"glorot_uniform\", "
                + "\"activation\": \"linear\", \"W_regularizer\": null, \"b_regularizer\": null, "
                + "\"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"input_dim\": " + n * c, List.of(w, values(out, 0.1f)), List.of(new int[] {n * c, out},
                        new int[] {out}), List.of("W", "b"));
    }

    private static String pool(String ordering, int[] size, int[] strides, String mode) {
        return "\"pool_size\": " + list(size) + ", \"border_mode\": \"" + mode + "\", \"strides\": " + list(strides)
                + ", \"dim_ordering\": \"" + ordering + "\"";
    }

    private static String list(int... v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(v[i]);
        }
        return sb.append(']').toString();
    }

    /** tf shapes: 9x8x2 -> 5x8x3 -> 5x8x2 -> 6x11x2 -> 6x6x2 -> 12x6x2 -> 11x4x2 -> 11x4x2 -> 23x9x2 -> 12x5x2 -> 120 -> 4. */
    private static List<Layer> model2d(DimOrdering o) {
        String d = o.keras();
        boolean th = o == DimOrdering.TH;
        List<Layer> layers = new ArrayList<>();
        layers.add(convLayer("Convolution2D", "convolution2d_1", conv(d, 3, "same", "\"nb_row\": 3, \"nb_col\": 2, "
                + "\"subsample\": [2, 1]"), o, new int[] {3, 2}, 2, 3, 0.1f));
        layers.add(convLayer("AtrousConvolution2D", "atrousconvolution2d_1", conv(d, 2, "same", "\"nb_row\": 2, "
                + "\"nb_col\": 2, \"subsample\": [1, 1], \"atrous_rate\": [2, 2]"), o, new int[] {2, 2}, 3, 2, 0.15f));
        layers.add(layer("ZeroPadding2D", "zeropadding2d_1", "\"padding\": [1, 0, 2, 1]"));
        layers.add(layer("MaxPooling2D", "maxpooling2d_1", pool(d, new int[] {2, 3}, new int[] {1, 2}, "same")));
        layers.add(layer("UpSampling2D", "upsampling2d_1", "\"size\": [2, 1]"));
        layers.add(layer("Cropping2D", "cropping2d_1", "\"cropping\": [[1, 0], [0, 2]]"));
        layers.add(batchNorm(o, 4, 2));
        layers.add(convLayer("Deconvolution2D", "deconvolution2d_1", conv(d, 2, "valid", "\"nb_row\": 3, \"nb_col\": 3, "
                + "\"subsample\": [2, 2]") + ", \"output_shape\": " + (th ? "[null, 2, 23, 9]" : "[null, 23, 9, 2]"), o,
                new int[] {3, 3}, 2, 2, 0.1f));
        layers.add(layer("AveragePooling2D", "averagepooling2d_1", pool(d, new int[] {3, 3}, new int[] {2, 2}, "same")));
        layers.add(layer("Flatten", "flatten_1", ""));
        layers.add(dense(o, new int[] {12, 5}, 2, 4));
        return layers;
    }

    /** tf shapes: 5x4x6x2 -> 3x4x3x3 -> 5x4x5x3 -> 5x2x3x3 -> 5x4x3x3 -> 4x3x1x3 -> 2x1x1x3 -> 6 -> 3. */
    private static List<Layer> model3d(DimOrdering o) {
        String d = o.keras();
        List<Layer> layers = new ArrayList<>();
        layers.add(convLayer("Convolution3D", "convolution3d_1", conv(d, 3, "same", "\"kernel_dim1\": 2, "
                + "\"kernel_dim2\": 3, \"kernel_dim3\": 2, \"subsample\": [2, 1, 2]"), o, new int[] {2, 3, 2}, 2, 3,
                0.1f));
        layers.add(layer("ZeroPadding3D", "zeropadding3d_1", "\"padding\": [1, 0, 1]"));
        layers.add(layer("MaxPooling3D", "maxpooling3d_1", pool(d, new int[] {2, 2, 2}, new int[] {1, 2, 2}, "same")));
        layers.add(layer("UpSampling3D", "upsampling3d_1", "\"size\": [1, 2, 1]"));
        layers.add(layer("Cropping3D", "cropping3d_1", "\"cropping\": [[1, 0], [0, 1], [1, 1]]"));
        layers.add(layer("AveragePooling3D", "averagepooling3d_1", pool(d, new int[] {2, 2, 1}, new int[] {2, 2, 1},
                "valid")));
        layers.add(batchNorm(o, 5, 3));
        layers.add(layer("Flatten", "flatten_1", ""));
        layers.add(dense(o, new int[] {2, 1, 1}, 3, 3));
        return layers;
    }

    /** Every layer's output in Keras layout, by layer name, plus the model output under "". */
    private static Map<String, Tensor> outputs(ImportedModel m, Tensor input) {
        try (JavaEngine engine = JavaEngine.create(m.graph())) {
            List<String> values = m.taps().values().stream().map(LayerTap::value).distinct().toList();
            Map<String, Tensor> got = engine.evaluate(Map.of(m.inputNames().get(0), input), values);
            Map<String, Tensor> out = new java.util.LinkedHashMap<>();
            m.taps().forEach((layer, tap) -> {
                Tensor v = got.get(tap.value());
                out.put(layer, tap.toKeras() == null ? v : Layouts.transpose(v, tap.toKeras()));
            });
            out.put("", engine.predict(Map.of(m.inputNames().get(0), input)).get(m.outputNames().get(0)));
            return out;
        }
    }

    private static void assertSameUpToLayout(List<Layer> thLayers, List<Layer> tfLayers, String thShape, String tfShape,
            Tensor tfInput, int[] toTh, int[] toTf, Backend backend) {
        ImportedModel th = load(json(thLayers, thShape), weightsOf(thLayers, backend));
        ImportedModel tf = load(json(tfLayers, tfShape), weightsOf(tfLayers, backend));
        assertEquals(backend, th.backend());
        assertEquals(DimOrdering.TH, th.dimOrdering(), th.dimOrderingReason());
        assertEquals(DimOrdering.TF, tf.dimOrdering(), tf.dimOrderingReason());
        Map<String, Tensor> a = outputs(th, Layouts.transpose(tfInput, toTh));
        Map<String, Tensor> b = outputs(tf, tfInput);
        for (Layer l : tfLayers) {
            Tensor x = a.get(l.name());
            Tensor y = b.get(l.name());
            if (y.shape().length > 2) {
                x = Layouts.transpose(x, toTf);
            } else if (l.cls().equals("Flatten")) {
                x = channelsLastOrder(x, b.get(tfLayers.get(tfLayers.indexOf(l) - 1).name()).shape());
            }
            assertArrayEquals(y.shape(), x.shape(), l.name());
            assertArrayEquals(y.data(), x.data(), 1e-4f, l.name());
        }
        assertArrayEquals(b.get("").data(), a.get("").data(), 1e-4f, "model output");
    }

    /** A th Flatten output, (channels, spatial...) order, in the (spatial..., channels) order of {@code tfMap}. */
    private static Tensor channelsLastOrder(Tensor thFlat, int[] tfMap) {
        int c = tfMap[tfMap.length - 1];
        int n = thFlat.shape()[1] / c;
        float[] out = new float[thFlat.shape()[1]];
        for (int p = 0; p < n; p++) {
            for (int ch = 0; ch < c; ch++) {
                out[p * c + ch] = thFlat.data()[ch * n + p];
            }
        }
        return Tensor.of(out, thFlat.shape());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void imageModelGivesTheSameValuesInThAndTfOrdering(Backend backend) {
        Tensor x = Tensor.of(values(9 * 8 * 2, 0.5f), 1, 9, 8, 2);
        assertSameUpToLayout(model2d(DimOrdering.TH), model2d(DimOrdering.TF), "[null, 2, 9, 8]", "[null, 9, 8, 2]", x,
                new int[] {0, 3, 1, 2}, new int[] {0, 2, 3, 1}, backend);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Backend.class)
    void volumeModelGivesTheSameValuesInThAndTfOrdering(Backend backend) {
        Tensor x = Tensor.of(values(5 * 4 * 6 * 2, 0.5f), 1, 5, 4, 6, 2);
        assertSameUpToLayout(model3d(DimOrdering.TH), model3d(DimOrdering.TF), "[null, 2, 5, 4, 6]",
                "[null, 5, 4, 6, 2]", x, new int[] {0, 4, 1, 2, 3}, new int[] {0, 2, 3, 4, 1}, backend);
    }

    /**
     * Functional model: two convolution branches merged by concat on the channel axis ({@code th}: 1
     * or -3, {@code tf}: -1 or 3), then GlobalAveragePooling2D and Dense.
     */
    private static String branches(DimOrdering o, int concatAxis) {
        String d = o.keras();
        String shape = o == DimOrdering.TH ? "[null, 2, 6, 5]" : "[null, 6, 5, 2]";
        return "{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", \"layers\": [{\"name\": \"input_1\", "
                + "\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": " + shape + ", \"input_dtype\": "
                + "\"float32\", \"sparse\": false, \"name\": \"input_1\"}, \"inbound_nodes\": []}, {\"name\": "
                + "\"convolution2d_1\", \"class_name\": \"Convolution2D\", \"config\": {\"name\": \"convolution2d_1\", "
                + "\"trainable\": true, " + conv(d, 2, "same", "\"nb_row\": 3, \"nb_col\": 3, \"subsample\": [1, 1]")
                + "}, \"inbound_nodes\": [[[\"input_1\", 0, 0]]]}, {\"name\": \"convolution2d_2\", \"class_name\": "
                + "\"Convolution2D\", \"config\": {\"name\": \"convolution2d_2\", \"trainable\": true, "
                + conv(d, 3, "valid", "\"nb_row\": 1, \"nb_col\": 1, \"subsample\": [1, 1]") + "}, \"inbound_nodes\": "
                + "[[[\"input_1\", 0, 0]]]}, {\"name\": \"merge_1\", \"class_name\": \"Merge\", \"config\": {\"name\": "
                + "\"merge_1\", \"mode\": \"concat\", \"mode_type\": \"raw\", \"concat_axis\": " + concatAxis
                + ", \"dot_axes\": -1, \"output_shape\": null, \"output_shape_type\": \"raw\", \"output_mask\": null, "
                + "\"output_mask_type\": \"raw\", \"arguments\": {}}, \"inbound_nodes\": [[[\"convolution2d_1\", 0, 0], "
                + "[\"convolution2d_2\", 0, 0]]]}, {\"name\": \"globalaveragepooling2d_1\", \"class_name\": "
                + "\"GlobalAveragePooling2D\", \"config\": {\"name\": \"globalaveragepooling2d_1\", \"trainable\": true, "
                + "\"dim_ordering\": \"" + d + "\"}, \"inbound_nodes\": [[[\"merge_1\", 0, 0]]]}, {\"name\": \"dense_1\", "
                + "\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": true, \"output_dim\": 2, "
                + "\"init\": \"glorot_uniform\", \"activation\": \"softmax\", \"W_regularizer\": null, \"b_regularizer\": "
                + "null, \"activity_regularizer\": null, \"W_constraint\": null, \"b_constraint\": null, \"bias\": true, "
                + "\"input_dim\": 5}, \"inbound_nodes\": [[[\"globalaveragepooling2d_1\", 0, 0]]]}], \"input_layers\": "
                + "[[\"input_1\", 0, 0]], \"output_layers\": [[\"dense_1\", 0, 0]]}, \"keras_version\": \"1.2.2\"}";
    }

    private static List<Layer> branchWeights(DimOrdering o) {
        Layer dense = new Layer("Dense", "dense_1", "", List.of(values(10, 0.3f), values(2, 0.1f)),
                List.of(new int[] {5, 2}, new int[] {2}), List.of("W", "b"));
        return List.of(layer("InputLayer", "input_1", ""),
                convLayer("Convolution2D", "convolution2d_1", "", o, new int[] {3, 3}, 2, 2, 0.1f),
                convLayer("Convolution2D", "convolution2d_2", "", o, new int[] {1, 1}, 2, 3, 0.2f),
                layer("Merge", "merge_1", ""), layer("GlobalAveragePooling2D", "globalaveragepooling2d_1", ""), dense);
    }

    @ParameterizedTest(name = "{0}: th concat_axis {1}, tf concat_axis {2}")
    @org.junit.jupiter.params.provider.CsvSource({"THEANO, 1, -1", "THEANO, -3, 3", "TENSORFLOW, 1, 3",
        "TENSORFLOW, -3, -1"})
    void channelConcatGivesTheSameValuesInThAndTfOrdering(Backend backend, int thAxis, int tfAxis) {
        Tensor x = Tensor.of(values(6 * 5 * 2, 0.5f), 1, 6, 5, 2);
        ImportedModel th = load(branches(DimOrdering.TH, thAxis), weightsOf(branchWeights(DimOrdering.TH), backend));
        ImportedModel tf = load(branches(DimOrdering.TF, tfAxis), weightsOf(branchWeights(DimOrdering.TF), backend));
        Map<String, Tensor> a = outputs(th, Layouts.transpose(x, 0, 3, 1, 2));
        Map<String, Tensor> b = outputs(tf, x);
        assertArrayEquals(b.get("merge_1").data(), Layouts.transpose(a.get("merge_1"), 0, 2, 3, 1).data(), 1e-5f);
        assertArrayEquals(new int[] {1, 5}, a.get("globalaveragepooling2d_1").shape());
        assertArrayEquals(b.get("globalaveragepooling2d_1").data(), a.get("globalaveragepooling2d_1").data(), 1e-5f);
        assertArrayEquals(b.get("").data(), a.get("").data(), 1e-5f);
    }
}
