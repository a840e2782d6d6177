package keras1j.bench.synthetic;

import static keras1j.bench.synthetic.Keras1Layers.activation;
import static keras1j.bench.synthetic.Keras1Layers.atrousConvolution1D;
import static keras1j.bench.synthetic.Keras1Layers.batchNormalization;
import static keras1j.bench.synthetic.Keras1Layers.convolution1D;
import static keras1j.bench.synthetic.Keras1Layers.convolution2D;
import static keras1j.bench.synthetic.Keras1Layers.convolution3D;
import static keras1j.bench.synthetic.Keras1Layers.deconvolution2D;
import static keras1j.bench.synthetic.Keras1Layers.dense;
import static keras1j.bench.synthetic.Keras1Layers.flatten;
import static keras1j.bench.synthetic.Keras1Layers.maxPooling2D;
import static keras1j.bench.synthetic.Keras1Layers.maxPooling3D;
import static keras1j.bench.synthetic.Keras1Layers.merge;
import static keras1j.bench.synthetic.Keras1Layers.reshape;
import static keras1j.bench.synthetic.Keras1Layers.zeroPadding1D;

import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic Keras 1.2.2 models of the benchmark, TensorFlow backend with {@code tf} ordering,
 * random seeded weights. Each is parameterized by its size so tests can import a small instance of
 * exactly the same architecture. Stateless; thread-safe.
 */
public final class SyntheticModels {
    private SyntheticModels() {
    }

    /**
     * The first two blocks of {@code keras.applications.VGG16} (Keras 1.2.2, functional, same layer
     * names) on {@code size x size x 3} images: Convolution2D 3x3 {@code same} relu 64, 64, max-pool
     * 2x2, 128, 128, max-pool 2x2. {@code size} must be a multiple of 4 (VGG16: 224).
     */
    public static SyntheticModel vggBlocks(int size, long seed) {
        requireMultiple("size", size, 4);
        FunctionalBuilder m = new FunctionalBuilder("vgg16");
        String x = m.input("input_1", size, size, 3);
        x = m.apply(convolution2D("block1_conv1", 3, 64, 3, 3, "relu", "same", 1), x);
        x = m.apply(convolution2D("block1_conv2", 64, 64, 3, 3, "relu", "same", 1), x);
        x = m.apply(maxPooling2D("block1_pool", 2), x);
        x = m.apply(convolution2D("block2_conv1", 64, 128, 3, 3, "relu", "same", 1), x);
        x = m.apply(convolution2D("block2_conv2", 128, 128, 3, 3, "relu", "same", 1), x);
        x = m.apply(maxPooling2D("block2_pool", 2), x);
        return m.build("vgg16_blocks12_" + size, seed, x);
    }

    /**
     * The whole {@code keras.applications.VGG16} with its 4096-wide classifier: {@link #vgg16(int, int, int, long)}
     * with {@code fc=4096}. VGG16: {@code size=224, classes=1000}.
     */
    public static SyntheticModel vgg16(int size, int classes, long seed) {
        return vgg16(size, 4096, classes, seed);
    }

    /**
     * The whole of {@code keras.applications.VGG16} (Keras 1.2.2, functional, same layer names, with
     * the classifier, {@code tf} ordering) on {@code size x size x 3} images: five blocks of 3x3
     * {@code same} relu convolutions (64, 64 / 128, 128 / 256 x3 / 512 x3 / 512 x3) each closed by a
     * 2x2 max-pool, Flatten, Dense {@code fc} relu twice ({@code fc1}, {@code fc2}) and a softmax
     * Dense to {@code classes} ({@code predictions}). VGG16: {@code size=224, fc=4096, classes=1000},
     * 138,357,544 parameters (553 MB as float32). {@code size} must be a multiple of 32.
     */
    public static SyntheticModel vgg16(int size, int fc, int classes, long seed) {
        requireMultiple("size", size, 32);
        FunctionalBuilder m = new FunctionalBuilder("vgg16");
        String x = m.input("input_1", size, size, 3);
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        int channels = 3;
        for (int b = 0; b < blocks.length; b++) {
            for (int c = 0; c < blocks[b].length; c++) {
                String name = "block" + (b + 1) + "_conv" + (c + 1);
                x = m.apply(convolution2D(name, channels, blocks[b][c], 3, 3, "relu", "same", 1), x);
                channels = blocks[b][c];
            }
            x = m.apply(maxPooling2D("block" + (b + 1) + "_pool", 2), x);
        }
        int side = size / 32;
        x = m.apply(flatten("flatten"), x);
        x = m.apply(dense("fc1", side * side * channels, fc, "relu"), x);
        x = m.apply(dense("fc2", fc, fc, "relu"), x);
        x = m.apply(dense("predictions", fc, classes, "softmax"), x);
        return m.build("vgg16_" + size + "_" + fc + "_" + classes, seed, x);
    }

    /**
     * The first blocks of C3D (Tran et al. 2015; the Keras 1 port's Sequential layout and layer names)
     * on {@code frames x size x size x 3} clips, {@code tf} ordering: Convolution3D 64 3x3x3
     * {@code same} relu, MaxPooling3D (1,2,2), Convolution3D 128 3x3x3 {@code same} relu, MaxPooling3D
     * (2,2,2). C3D: 16 frames of 112x112. {@code frames} must be even, {@code size} a multiple of 4.
     */
    public static SyntheticModel c3dBlocks(int frames, int size, long seed) {
        requireMultiple("frames", frames, 2);
        requireMultiple("size", size, 4);
        return SequentialBuilder.withInputShape(frames, size, size, 3)
                .add(convolution3D("conv1", 3, 64, 3, 3, 3, "relu", "same"))
                .add(maxPooling3D("pool1", 1, 2, 2))
                .add(convolution3D("conv2", 64, 128, 3, 3, 3, "relu", "same"))
                .add(maxPooling3D("pool2", 2, 2, 2))
                .build("c3d_blocks12_" + frames + "x" + size, seed);
    }

    /**
     * A DCGAN-style generator (Sequential, Keras 1 automatic layer names): a 100-d code, Dense to
     * {@code base x base x channels}, BatchNormalization, relu, Reshape, then four Deconvolution2D 5x5
     * stride 2 {@code same} layers halving the channels (BatchNormalization + relu between them), the
     * last one to 3 channels with tanh: output {@code 16*base x 16*base x 3}. {@code base=7,
     * channels=512} gives 112x112 images from 7x7x512 through 256, 128 and 64 channels.
     */
    public static SyntheticModel dcganGenerator(int base, int channels, long seed) {
        requireMultiple("channels", channels, 8);
        int code = 100;
        SequentialBuilder m = SequentialBuilder.withInputShape(code)
                .add(dense("dense_1", code, base * base * channels, "linear"))
                .add(batchNormalization("batchnormalization_1", base * base * channels))
                .add(activation("activation_1", "relu"))
                .add(reshape("reshape_1", base, base, channels));
        int size = base;
        int c = channels;
        for (int i = 1; i <= 4; i++) {
            size *= 2;
            boolean last = i == 4;
            int next = last ? 3 : c / 2;
            m.add(deconvolution2D("deconvolution2d_" + i, c, next, 5, 5, size, size, last ? "tanh" : "linear", "same",
                    2));
            if (!last) {
                m.add(batchNormalization("batchnormalization_" + (i + 1), next));
                m.add(activation("activation_" + (i + 1), "relu"));
            }
            c = next;
        }
        return m.build("dcgan_generator_" + base + "x" + channels, seed);
    }

    /**
     * A WaveNet-style stack (functional, as the Keras 1 WaveNet ports build it) on {@code length}
     * mono samples: a causal 2-tap Convolution1D to {@code channels}, then {@code layers} residual
     * blocks with dilations 1, 2, 4, ...: ZeroPadding1D (d, 0) for causality, two AtrousConvolution1D
     * (kernel 2, rate d, {@code valid}) with tanh and sigmoid, their {@code merge} product (gated
     * activation), a 1x1 skip Convolution1D and (but in the last block) a 1x1 residual
     * Convolution1D summed with the block input; the skips summed, relu, 1x1 Convolution1D relu, 1x1 Convolution1D to 256 classes
     * with softmax. WaveNet-scale: {@code length=16000, channels=32, layers=10} (dilations up to 512).
     */
    public static SyntheticModel wavenet(int length, int channels, int layers, long seed) {
        if (layers < 1 || layers > 16) {
            throw new IllegalArgumentException("layers must be in 1..16, got " + layers);
        }
        int classes = 256;
        FunctionalBuilder m = new FunctionalBuilder("model_1");
        String x = m.input("wave_in", length, 1);
        x = m.apply(zeroPadding1D("causal_pad", 1, 0), x);
        x = m.apply(convolution1D("initial_causal_conv", 1, channels, 2, "linear", "valid"), x);
        List<String> skips = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            int d = 1 << i;
            String padded = m.apply(zeroPadding1D("pad_" + d, d, 0), x);
            String tanh = m.apply(atrousConvolution1D("dilated_conv_" + d + "_tanh", channels, channels, 2, d, "tanh",
                    "valid"), padded);
            String sigm = m.apply(atrousConvolution1D("dilated_conv_" + d + "_sigm", channels, channels, 2, d,
                    "sigmoid", "valid"), padded);
            String gated = m.apply(merge("gated_activation_" + d, "mul"), tanh, sigm);
            skips.add(m.apply(convolution1D("skip_" + d, channels, channels, 1, "linear", "same"), gated));
            if (i < layers - 1) { // the last block's residual output feeds nothing: Keras would not save it
                String res = m.apply(convolution1D("res_" + d, channels, channels, 1, "linear", "same"), gated);
                x = m.apply(merge("residual_block_" + d, "sum"), x, res);
            }
        }
        String out = skips.size() == 1 ? skips.get(0) : m.apply(merge("skip_sum", "sum"), skips.toArray(new String[0]));
        out = m.apply(activation("skip_relu", "relu"), out);
        out = m.apply(convolution1D("output_conv1", channels, channels, 1, "relu", "same"), out);
        out = m.apply(convolution1D("output_softmax", channels, classes, 1, "softmax", "same"), out);
        return m.build("wavenet_" + length + "x" + channels + "x" + layers, seed, out);
    }

    private static void requireMultiple(String what, int value, int of) {
        if (value < of || value % of != 0) {
            throw new IllegalArgumentException(what + " must be a positive multiple of " + of + ", got " + value);
        }
    }
}
