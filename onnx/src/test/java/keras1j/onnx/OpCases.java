package keras1j.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/** Single-op IR graphs with seeded random weights and inputs, one per lowering path. */
final class OpCases {
    /** Batch size of the generated inputs. */
    static final int BATCH = 2;

    /** One test graph and its inputs. */
    record Case(String name, Op op, Graph graph, Map<String, Tensor> inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    private OpCases() {
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        // Conv: 1D/2D/3D, strides, dilations, asymmetric pads, groups, no bias
        c.add(single("conv1d_stride2_pads1_2", conv(11, new int[] {3, 3, 4}, true, ints(2), ints(1), ints(1), ints(2), 1), 9, 3));
        c.add(single("conv1d_dilation2_pads0_3", conv(12, new int[] {3, 2, 5}, true, ints(1), ints(2), ints(0), ints(3), 1), 8, 2));
        c.add(single("conv2d_same", conv(13, new int[] {3, 3, 3, 4}, true, ints(1, 1), ints(1, 1), ints(1, 1), ints(1, 1), 1), 6, 5, 3));
        c.add(single("conv2d_strides_dilations_asymmetric_pads_nobias",
                conv(14, new int[] {3, 2, 3, 4}, false, ints(2, 1), ints(1, 2), ints(0, 1), ints(2, 0), 1), 7, 6, 3));
        c.add(single("conv2d_depthwise", conv(15, new int[] {3, 3, 1, 8}, true, ints(1, 1), ints(1, 1), ints(1, 1), ints(1, 1), 4), 5, 5, 4));
        c.add(single("conv2d_groups2", conv(16, new int[] {2, 2, 2, 6}, true, ints(1, 2), ints(1, 1), ints(0, 0), ints(1, 1), 2), 5, 6, 4));
        c.add(single("conv3d_stride2_asymmetric_pads", conv(17, new int[] {2, 3, 2, 2, 3}, true, ints(2, 1, 2), ints(1, 1, 1),
                ints(1, 0, 1), ints(0, 2, 0), 1), 5, 4, 5, 2));
        // ConvTranspose: outputSize below, at and above the uncropped size
        c.add(single("deconv2d_output_smaller_than_full", deconv(21, new int[] {3, 3, 2, 3}, true, ints(2, 2), ints(1, 1), ints(7, 6)), 4, 4, 2));
        c.add(single("deconv2d_output_equal_full_minus_pads", deconv(22, new int[] {3, 3, 2, 3}, true, ints(2, 2), ints(1, 0), ints(8, 9)), 4, 4, 2));
        c.add(single("deconv2d_output_padding_below_stride", deconv(23, new int[] {3, 3, 2, 3}, true, ints(2, 3), ints(1, 1), ints(9, 11)), 4, 4, 2));
        c.add(single("deconv2d_output_gap_at_least_stride", deconv(24, new int[] {2, 2, 2, 3}, true, ints(2, 2), ints(0, 0), ints(12, 10)), 4, 4, 2));
        c.add(single("deconv2d_output_gap_no_bias", deconv(25, new int[] {3, 3, 2, 3}, false, ints(1, 2), ints(1, 0), ints(7, 4)), 4, 1, 2));
        c.add(single("deconv1d_same", deconv(26, new int[] {3, 2, 4}, true, ints(1), ints(1), ints(6)), 6, 2));
        c.add(single("deconv3d", deconv(27, new int[] {2, 3, 2, 2, 2}, true, ints(2, 1, 2), ints(0, 1, 1), ints(6, 3, 5)), 3, 3, 3, 2));
        // Pool, padding excluded
        c.add(single("maxpool2d_pads", new Pool(PoolKind.MAX, ints(3, 3), ints(2, 2), ints(1, 1), ints(1, 1)), 7, 6, 3));
        c.add(single("avgpool2d_asymmetric_pads", new Pool(PoolKind.AVERAGE, ints(3, 2), ints(2, 1), ints(0, 1), ints(2, 0)), 6, 5, 2));
        c.add(single("maxpool1d", new Pool(PoolKind.MAX, ints(2), ints(2), ints(0), ints(1)), 7, 3));
        c.add(single("avgpool3d", new Pool(PoolKind.AVERAGE, ints(2, 2, 2), ints(2, 1, 2), ints(1, 0, 1), ints(0, 1, 1)), 4, 3, 5, 2));
        c.add(single("globalmaxpool2d", new GlobalPool(PoolKind.MAX), 4, 5, 3));
        c.add(single("globalavgpool1d", new GlobalPool(PoolKind.AVERAGE), 6, 3));
        c.add(single("globalavgpool3d", new GlobalPool(PoolKind.AVERAGE), 3, 2, 4, 3));
        // axis-wise ops
        c.add(single("pad2d", new Pad(ints(0, 1, 0, 2), ints(0, 2, 3, 0)), 3, 4, 2));
        c.add(single("pad1d", new Pad(ints(0, 2, 0), ints(0, 1, 0)), 5, 3));
        c.add(single("crop2d", new Crop(ints(0, 1, 0, 0), ints(0, 2, 1, 1)), 6, 5, 3));
        c.add(single("upsample2d", new Upsample(ints(1, 2, 3, 1)), 3, 2, 2));
        c.add(single("upsample1d", new Upsample(ints(1, 3, 1)), 4, 2));
        c.add(single("upsample3d", new Upsample(ints(1, 2, 1, 2, 1)), 2, 3, 2, 2));
        // dense and per-channel maps
        c.add(single("dense_rank2", new Dense(TestData.random(31, 5, 4), TestData.randomVector(32, 4)), 5));
        c.add(single("dense_rank2_nobias", new Dense(TestData.random(33, 5, 4), null), 5));
        c.add(single("dense_rank3", new Dense(TestData.random(34, 5, 3), TestData.randomVector(35, 3)), 4, 5));
        c.add(single("dense_rank3_nobias", new Dense(TestData.random(36, 5, 3), null), 4, 5));
        c.add(single("channel_affine_last_axis", new ChannelAffine(3, TestData.randomVector(37, 3), TestData.randomVector(38, 3)), 4, 2, 3));
        c.add(single("channel_affine_axis1", new ChannelAffine(1, TestData.randomVector(39, 4), TestData.randomVector(40, 4)), 4, 2, 3));
        // activations
        for (ActivationKind k : ActivationKind.values()) {
            float alpha = k == ActivationKind.ELU ? 0.7f : k == ActivationKind.LEAKY_RELU ? 0.3f
                    : k == ActivationKind.THRESHOLDED_RELU ? 0.2f : 0f;
            c.add(single("activation_" + k.name().toLowerCase(java.util.Locale.ROOT), new Activation(k, alpha), 3, 4));
        }
        c.add(single("softmax_rank2", new Softmax(1), 7));
        c.add(single("softmax_rank3_axis2", new Softmax(2), 3, 5));
        c.add(single("softmax_rank3_axis1", new Softmax(1), 3, 5));
        c.add(single("prelu_rank4", new PRelu(TestData.random(41, 3, 2, 4)), 3, 2, 4));
        for (ElementwiseKind k : ElementwiseKind.values()) {
            c.add(multi("elementwise_" + k.name().toLowerCase(java.util.Locale.ROOT), new Elementwise(k),
                    new int[] {3, 2}, new int[] {3, 2}, new int[] {3, 2}));
        }
        c.add(multi("concat_last_axis", new Concat(3), new int[] {2, 3, 2}, new int[] {2, 3, 4}));
        c.add(multi("concat_axis1", new Concat(1), new int[] {2, 3}, new int[] {1, 3}, new int[] {4, 3}));
        c.add(single("reshape", new Reshape(ints(6, 4)), 2, 3, 4));
        c.add(single("reshape_copy_and_infer", new Reshape(ints(Reshape.COPY, Reshape.INFER, 2)), 3, 4, 2));
        c.add(single("transpose", new Transpose(ints(0, 3, 1, 2)), 2, 3, 4));
        c.add(single("repeat_vector", new RepeatVector(3), 4));
        c.add(gather());
        c.add(multi("batch_matmul", new keras1j.runtime.ir.BatchMatMul(), new int[] {3, 4}, new int[] {4, 2}));
        c.add(multi("batch_matmul_rank5", new keras1j.runtime.ir.BatchMatMul(), new int[] {2, 3, 3, 4},
                new int[] {2, 3, 4, 2}));
        c.add(multi("cosine_rank2", new keras1j.runtime.ir.Cosine(1e-7f), new int[] {5}, new int[] {5}));
        c.add(multi("cosine_rank3", new keras1j.runtime.ir.Cosine(1e-7f), new int[] {3, 4}, new int[] {3, 4}));
        c.add(cosineRatio());
        c.add(single("standardize_per_sample_last_axis", new keras1j.runtime.ir.Standardize(ints(2), 1e-3f, 1e-3f), 3, 5));
        c.add(single("standardize_across_batch", new keras1j.runtime.ir.Standardize(ints(0, 1, 2), 1e-3f, 0f), 4, 3, 2));
        c.add(single("locally_connected_1d", new keras1j.runtime.ir.LocallyConnected(TestData.random(61, 3, 6, 4),
                TestData.randomVector(62, 12), ints(2), ints(2)), 7, 3));
        c.add(single("locally_connected_2d_nobias", new keras1j.runtime.ir.LocallyConnected(TestData.random(63, 6, 8, 3),
                null, ints(2, 2), ints(1, 2)), 3, 6, 2));
        c.add(single("srelu", new keras1j.runtime.ir.SRelu(TestData.random(64, 3, 4), TestData.random(65, 3, 4),
                plus(TestData.random(64, 3, 4), 0.5f), TestData.random(66, 3, 4)), 3, 4));
        c.add(single("sample_affine", new keras1j.runtime.ir.SampleAffine(TestData.random(67, 3, 4),
                TestData.random(68, 3, 4)), 3, 4));
        c.add(single("sample_affine_noshift", new keras1j.runtime.ir.SampleAffine(TestData.random(69, 5), null), 5));
        c.addAll(sequenceCases());
        return c;
    }

    /** Recurrent cells in every direction and output form, with and without a mask; the mask ops. */
    static List<Case> sequenceCases() {
        List<Case> c = new ArrayList<>();
        long seed = 300;
        for (keras1j.runtime.ir.RecurrentCell cell : keras1j.runtime.ir.RecurrentCell.values()) {
            for (int flags = 0; flags < 16; flags++) {
                boolean backwards = (flags & 1) != 0;
                boolean sequences = (flags & 2) != 0;
                boolean reversed = (flags & 4) != 0;
                boolean masked = (flags & 8) != 0;
                if (reversed && !sequences) {
                    continue;
                }
                String name = cell.name().toLowerCase(java.util.Locale.ROOT) + (backwards ? "_backwards" : "_forwards")
                        + (sequences ? "_sequences" : "_last") + (reversed ? "_reversed" : "") + (masked ? "_masked" : "");
                c.add(recurrent(name, seed++, cell, ActivationKind.TANH, ActivationKind.HARD_SIGMOID, backwards,
                        sequences, reversed, masked));
            }
        }
        ActivationKind[] acts = {null, ActivationKind.RELU, ActivationKind.SIGMOID, ActivationKind.SOFTPLUS,
            ActivationKind.SOFTSIGN, ActivationKind.ELU};
        for (ActivationKind a : acts) {
            for (boolean masked : new boolean[] {false, true}) {
                String n = "_" + (a == null ? "linear" : a.name().toLowerCase(java.util.Locale.ROOT))
                        + (masked ? "_masked" : "");
                c.add(recurrent("lstm" + n, seed++, keras1j.runtime.ir.RecurrentCell.LSTM, a, ActivationKind.SIGMOID,
                        false, true, false, masked));
                c.add(recurrent("gru_inner" + n, seed++, keras1j.runtime.ir.RecurrentCell.GRU, ActivationKind.TANH, a,
                        false, true, false, masked));
                c.add(recurrent("simplernn" + n, seed++, keras1j.runtime.ir.RecurrentCell.SIMPLE, a, null, false,
                        true, false, masked));
            }
        }
        c.add(single("step_mask_rank3", new keras1j.runtime.ir.StepMask(0f), 4, 3));
        c.add(multi("mask_steps_rank4", new keras1j.runtime.ir.MaskSteps(), new int[] {4, 2, 3}, new int[] {4}));
        return c;
    }

    private static Case recurrent(String name, long seed, keras1j.runtime.ir.RecurrentCell cell, ActivationKind act,
            ActivationKind inner, boolean backwards, boolean sequences, boolean reversed, boolean masked) {
        int steps = 5;
        int features = 3;
        int units = 4;
        int width = cell.gates() * units;
        keras1j.runtime.ir.Recurrent op = new keras1j.runtime.ir.Recurrent(cell, TestData.random(seed, features, width),
                TestData.random(seed + 1, units, width), TestData.randomVector(seed + 2, width), act, inner, backwards,
                sequences, reversed);
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(steps, features));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put(x, TestData.random(seed + 3, BATCH, steps, features));
        if (masked) {
            String ids = b.input("ids", Shape.batched(steps));
            String mask = b.add("mask", new keras1j.runtime.ir.StepMask(0f), ids);
            b.output("y", b.add("y", op, x, mask));
            inputs.put(ids, Tensor.of(new float[] {0, 0, 3, 1, 2, 5, 0, 4, 0, 0}, BATCH, steps));
        } else {
            b.output("y", b.add("y", op, x));
        }
        b.metadata("source", name + ".h5");
        return new Case(name, op, b.build(), inputs);
    }

    private static Tensor plus(Tensor t, float v) {
        float[] d = t.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] += v;
        }
        return Tensor.of(d, t.shape());
    }

    static int[] ints(int... v) {
        return v;
    }

    static Conv conv(long seed, int[] kernel, boolean bias, int[] strides, int[] dilations, int[] padsBegin,
            int[] padsEnd, int groups) {
        return new Conv(TestData.random(seed, kernel), bias ? TestData.randomVector(seed + 1000, kernel[kernel.length - 1]) : null,
                strides, dilations, padsBegin, padsEnd, groups);
    }

    static ConvTranspose deconv(long seed, int[] kernel, boolean bias, int[] strides, int[] padsBegin, int[] outputSize) {
        return new ConvTranspose(TestData.random(seed, kernel),
                bias ? TestData.randomVector(seed + 1000, kernel[kernel.length - 1]) : null, strides, padsBegin, outputSize);
    }

    /** {@code x [N, sample...] -> y = op(x)}. */
    static Case single(String name, Op op, int... sample) {
        return multi(name, op, sample);
    }

    /** Inputs {@code x0, x1, ...} of the given sample shapes into one node {@code y}. */
    static Case multi(String name, Op op, int[]... samples) {
        GraphBuilder b = new GraphBuilder();
        String[] names = new String[samples.length];
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < samples.length; i++) {
            names[i] = b.input("x" + i, Shape.batched(samples[i]));
            inputs.put(names[i], TestData.random(name.hashCode() * 31L + i, batched(samples[i])));
        }
        b.output("y", b.add("y", op, names));
        b.metadata("source", name + ".h5");
        return new Case(name, op, b.build(), inputs);
    }

    static int[] batched(int[] sample) {
        int[] s = new int[sample.length + 1];
        s[0] = BATCH;
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    /** Products {@code <a, a>} and {@code <b, b>} of one sign (no NaN), one of them near 0 (the epsilon bound). */
    private static Case cosineRatio() {
        Case raw = multi("cosine_ratio", new keras1j.runtime.ir.CosineRatio(1e-3f), new int[] {3, 3}, new int[] {3, 3},
                new int[] {3, 3});
        Map<String, Tensor> in = new LinkedHashMap<>(raw.inputs());
        for (String name : List.of("x1", "x2")) {
            float[] d = in.get(name).data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.abs(d[i]);
            }
            d[0] = 1e-5f;
            in.put(name, Tensor.of(d, in.get(name).shape()));
        }
        return new Case(raw.name(), raw.op(), raw.graph(), in);
    }

    private static Case gather() {
        Gather op = new Gather(TestData.random(51, 7, 3));
        GraphBuilder b = new GraphBuilder();
        String x = b.input("ids", Shape.batched(5));
        b.output("y", b.add("y", op, x));
        float[] ids = {0, 6, 3, 3, 1, 2, 5, 4, 0, 6};
        return new Case("gather", op, b.build(), Map.of("ids", Tensor.of(ids, BATCH, 5)));
    }
}
