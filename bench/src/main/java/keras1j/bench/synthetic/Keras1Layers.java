package keras1j.bench.synthetic;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keras 1.2.2 layers as {@code to_json()} serializes them (same keys, same order, {@code tf} dim
 * ordering, default initializers and no regularizers), each with the weights it saves and their
 * Keras layouts. The input channel count a weight shape depends on is passed explicitly, since
 * Keras only learns it when the layer is built. Random weight ranges: {@code glorot_uniform}
 * kernels, biases in {@code [-0.1, 0.1)}. Stateless.
 */
public final class Keras1Layers {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final double BIAS_RANGE = 0.1;

    private Keras1Layers() {
    }

    /**
     * {@code Convolution2D(nbFilter, rows, cols, activation=..., border_mode=..., subsample=(s, s),
     * dim_ordering='tf')}: W {@code (rows, cols, inputChannels, nbFilter)}, b {@code (nbFilter,)}.
     */
    public static KerasLayer convolution2D(String name, int inputChannels, int nbFilter, int rows, int cols,
            String activation, String borderMode, int subsample) {
        ObjectNode c = base(name);
        c.put("nb_filter", nbFilter);
        c.put("nb_row", rows);
        c.put("nb_col", cols);
        c.put("init", "glorot_uniform");
        c.put("activation", activation);
        c.put("border_mode", borderMode);
        c.set("subsample", ints(subsample, subsample));
        c.put("dim_ordering", "tf");
        regularizersAndBias(c);
        return new KerasLayer(name, "Convolution2D", c,
                convWeights(new int[] {rows, cols, inputChannels, nbFilter}, rows * cols));
    }

    /**
     * {@code Deconvolution2D(nbFilter, rows, cols, output_shape=(None, h, w, nbFilter), subsample=(s, s),
     * dim_ordering='tf')}: W {@code (rows, cols, inputChannels, nbFilter)}, b {@code (nbFilter,)}.
     */
    public static KerasLayer deconvolution2D(String name, int inputChannels, int nbFilter, int rows, int cols,
            int outHeight, int outWidth, String activation, String borderMode, int subsample) {
        ObjectNode c = base(name);
        c.put("nb_filter", nbFilter);
        c.put("nb_row", rows);
        c.put("nb_col", cols);
        c.put("init", "glorot_uniform");
        c.put("activation", activation);
        c.put("border_mode", borderMode);
        c.set("subsample", ints(subsample, subsample));
        c.put("dim_ordering", "tf");
        regularizersAndBias(c);
        ArrayNode out = JSON.arrayNode().addNull().add(outHeight).add(outWidth).add(nbFilter);
        c.set("output_shape", out);
        return new KerasLayer(name, "Deconvolution2D", c,
                convWeights(new int[] {rows, cols, inputChannels, nbFilter}, rows * cols));
    }

    /**
     * {@code Convolution3D(nbFilter, k1, k2, k3, activation=..., border_mode=..., dim_ordering='tf')}
     * (stride 1): W {@code (k1, k2, k3, inputChannels, nbFilter)}, b {@code (nbFilter,)}.
     */
    public static KerasLayer convolution3D(String name, int inputChannels, int nbFilter, int k1, int k2, int k3,
            String activation, String borderMode) {
        ObjectNode c = base(name);
        c.put("nb_filter", nbFilter);
        c.put("kernel_dim1", k1);
        c.put("kernel_dim2", k2);
        c.put("kernel_dim3", k3);
        c.put("dim_ordering", "tf");
        c.put("init", "glorot_uniform");
        c.put("activation", activation);
        c.put("border_mode", borderMode);
        c.set("subsample", ints(1, 1, 1));
        regularizersAndBias(c);
        return new KerasLayer(name, "Convolution3D", c,
                convWeights(new int[] {k1, k2, k3, inputChannels, nbFilter}, k1 * k2 * k3));
    }

    /**
     * {@code Convolution1D(nbFilter, filterLength, activation=..., border_mode=...)} (stride 1):
     * W {@code (filterLength, 1, inputDim, nbFilter)}, b {@code (nbFilter,)}.
     */
    public static KerasLayer convolution1D(String name, int inputDim, int nbFilter, int filterLength,
            String activation, String borderMode) {
        ObjectNode c = conv1DConfig(name, nbFilter, filterLength, activation, borderMode);
        return new KerasLayer(name, "Convolution1D", c,
                convWeights(new int[] {filterLength, 1, inputDim, nbFilter}, filterLength));
    }

    /**
     * {@code AtrousConvolution1D(nbFilter, filterLength, atrous_rate=rate, activation=..., border_mode=...)}:
     * W {@code (filterLength, 1, inputDim, nbFilter)}, b {@code (nbFilter,)}.
     */
    public static KerasLayer atrousConvolution1D(String name, int inputDim, int nbFilter, int filterLength, int rate,
            String activation, String borderMode) {
        ObjectNode c = conv1DConfig(name, nbFilter, filterLength, activation, borderMode);
        c.put("atrous_rate", rate);
        return new KerasLayer(name, "AtrousConvolution1D", c,
                convWeights(new int[] {filterLength, 1, inputDim, nbFilter}, filterLength));
    }

    /** {@code Dense(outputDim, activation=...)} on {@code inputDim} features: W {@code (in, out)}, b {@code (out,)}. */
    public static KerasLayer dense(String name, int inputDim, int outputDim, String activation) {
        ObjectNode c = base(name);
        c.put("output_dim", outputDim);
        c.put("init", "glorot_uniform");
        c.put("activation", activation);
        regularizersAndBias(c);
        c.put("input_dim", inputDim);
        return new KerasLayer(name, "Dense", c,
                List.of(WeightSpec.glorot("W", new int[] {inputDim, outputDim}, inputDim, outputDim),
                        WeightSpec.vector("b", outputDim, -BIAS_RANGE, BIAS_RANGE)));
    }

    /**
     * {@code BatchNormalization(mode=0, axis=-1)} over {@code channels}: gamma, beta, running_mean and
     * running_std (which holds a variance in Keras 1), drawn as trained statistics would look.
     */
    public static KerasLayer batchNormalization(String name, int channels) {
        ObjectNode c = base(name);
        c.put("epsilon", 0.001);
        c.put("mode", 0);
        c.put("axis", -1);
        c.putNull("gamma_regularizer");
        c.putNull("beta_regularizer");
        c.put("momentum", 0.99);
        return new KerasLayer(name, "BatchNormalization", c,
                List.of(WeightSpec.vector("gamma", channels, 0.8, 1.2), WeightSpec.vector("beta", channels, -0.1, 0.1),
                        WeightSpec.vector("running_mean", channels, -0.1, 0.1),
                        WeightSpec.vector("running_std", channels, 0.5, 1.5)));
    }

    /** {@code MaxPooling2D(pool_size=(p, p), strides=(p, p), border_mode='valid', dim_ordering='tf')}. */
    public static KerasLayer maxPooling2D(String name, int pool) {
        ObjectNode c = base(name);
        c.set("pool_size", ints(pool, pool));
        c.put("border_mode", "valid");
        c.set("strides", ints(pool, pool));
        c.put("dim_ordering", "tf");
        return new KerasLayer(name, "MaxPooling2D", c, List.of());
    }

    /** {@code MaxPooling3D(pool_size=pool, strides=pool, border_mode='valid', dim_ordering='tf')}. */
    public static KerasLayer maxPooling3D(String name, int p1, int p2, int p3) {
        ObjectNode c = base(name);
        c.set("pool_size", ints(p1, p2, p3));
        c.put("border_mode", "valid");
        c.set("strides", ints(p1, p2, p3));
        c.put("dim_ordering", "tf");
        return new KerasLayer(name, "MaxPooling3D", c, List.of());
    }

    /** {@code ZeroPadding1D(padding=(left, right))}. */
    public static KerasLayer zeroPadding1D(String name, int left, int right) {
        ObjectNode c = base(name);
        c.set("padding", ints(left, right));
        return new KerasLayer(name, "ZeroPadding1D", c, List.of());
    }

    /** {@code Activation(activation)}. */
    public static KerasLayer activation(String name, String activation) {
        ObjectNode c = base(name);
        c.put("activation", activation);
        return new KerasLayer(name, "Activation", c, List.of());
    }

    /** {@code Reshape(target_shape)}. */
    public static KerasLayer reshape(String name, int... targetShape) {
        ObjectNode c = base(name);
        c.set("target_shape", ints(targetShape));
        return new KerasLayer(name, "Reshape", c, List.of());
    }

    /** {@code Flatten()}: no weights. */
    public static KerasLayer flatten(String name) {
        return new KerasLayer(name, "Flatten", base(name), List.of());
    }

    /** What the functional {@code merge(inputs, mode=mode)} creates ({@code sum}, {@code mul}, ...). */
    public static KerasLayer merge(String name, String mode) {
        ObjectNode c = JSON.objectNode();
        c.put("name", name);
        c.put("mode", mode);
        c.put("mode_type", "raw");
        c.put("concat_axis", -1);
        c.put("dot_axes", -1);
        c.putNull("output_shape");
        c.put("output_shape_type", "raw");
        c.putNull("output_mask");
        c.put("output_mask_type", "raw");
        c.set("arguments", JSON.objectNode());
        return new KerasLayer(name, "Merge", c, List.of());
    }

    /** The {@code InputLayer} that {@code Input(shape=sampleShape, name=name)} creates. */
    static KerasLayer inputLayer(String name, int... sampleShape) {
        ObjectNode c = JSON.objectNode();
        c.set("batch_input_shape", batchShape(sampleShape));
        c.put("input_dtype", "float32");
        c.put("sparse", false);
        c.put("name", name);
        return new KerasLayer(name, "InputLayer", c, List.of());
    }

    /** {@code [null, d1, ..., dn]}. */
    static ArrayNode batchShape(int... sampleShape) {
        ArrayNode a = JSON.arrayNode().addNull();
        for (int d : sampleShape) {
            a.add(d);
        }
        return a;
    }

    static ArrayNode ints(int... values) {
        ArrayNode a = JSON.arrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static ObjectNode conv1DConfig(String name, int nbFilter, int filterLength, String activation,
            String borderMode) {
        ObjectNode c = base(name);
        c.put("nb_filter", nbFilter);
        c.put("filter_length", filterLength);
        c.put("init", "glorot_uniform");
        c.put("activation", activation);
        c.put("border_mode", borderMode);
        c.put("subsample_length", 1);
        regularizersAndBias(c);
        c.putNull("input_dim");
        c.putNull("input_length");
        return c;
    }

    /** Keras' fans for a convolution kernel: receptive field times input / output channels. */
    private static List<WeightSpec> convWeights(int[] shape, int receptiveField) {
        int cin = shape[shape.length - 2];
        int cout = shape[shape.length - 1];
        return List.of(WeightSpec.glorot("W", shape, (long) cin * receptiveField, (long) cout * receptiveField),
                WeightSpec.vector("b", cout, -BIAS_RANGE, BIAS_RANGE));
    }

    private static ObjectNode base(String name) {
        ObjectNode c = JSON.objectNode();
        c.put("name", name);
        c.put("trainable", true);
        return c;
    }

    private static void regularizersAndBias(ObjectNode c) {
        c.putNull("W_regularizer");
        c.putNull("b_regularizer");
        c.putNull("activity_regularizer");
        c.putNull("W_constraint");
        c.putNull("b_constraint");
        c.put("bias", true);
    }
}
