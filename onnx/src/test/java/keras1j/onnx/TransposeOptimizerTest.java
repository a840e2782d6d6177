package keras1j.onnx;

import static keras1j.onnx.OpCases.conv;
import static keras1j.onnx.OpCases.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/** Layout round trips between consecutive spatial ops disappear, and results stay exact. */
class TransposeOptimizerTest {

    private static Conv3x3 conv3x3(long seed, int cin, int cout) {
        return new Conv3x3(conv(seed, new int[] {3, 3, cin, cout}, true, ints(1, 1), ints(1, 1), ints(1, 1), ints(1, 1), 1));
    }

    private record Conv3x3(keras1j.runtime.ir.Conv op) {
    }

    private static long transposes(ModelProto m) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Transpose")).count();
    }

    private static void assertMatchesReference(Graph g, Map<String, Tensor> inputs) {
        Map<String, Tensor> expected = NaiveReference.evaluate(g, inputs);
        Map<String, Tensor> got = OrtRunner.predict(g, OnnxExportOptions.defaults(), inputs);
        for (var o : g.outputs()) {
            TestData.assertClose(expected.get(o.value()), got.get(o.name()), o.name());
        }
    }

    @Test
    void convConvPoolChainTransposesOnlyAtTheBoundaries() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(8, 8, 3));
        String c1 = b.add("conv1", conv3x3(1, 3, 4).op(), x);
        String c2 = b.add("conv2", conv3x3(2, 4, 4).op(), c1);
        String p = b.add("pool", new Pool(PoolKind.MAX, ints(2, 2), ints(2, 2), ints(0, 0), ints(0, 0)), c2);
        b.output("pool", p);
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(2, transposes(m));
        assertMatchesReference(g, Map.of("x", TestData.random(3, 2, 8, 8, 3)));
    }

    @Test
    void theanoInputTransposeCancelsAgainstTheFirstConvolution() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(3, 6, 6));
        String nhwc = b.add("to_channels_last", new Transpose(ints(0, 2, 3, 1)), x);
        String c1 = b.add("conv1", conv3x3(4, 3, 4).op(), nhwc);
        String r1 = b.add("relu1", Activation.of(ActivationKind.RELU), c1);
        String c2 = b.add("conv2", conv3x3(5, 4, 2).op(), r1);
        String nchw = b.add("to_channels_first", new Transpose(ints(0, 3, 1, 2)), c2);
        String flat = b.add("flatten", new Reshape(ints(72)), nchw);
        b.output("dense", b.add("dense", new Dense(TestData.random(6, 72, 3), TestData.randomVector(7, 3)), flat));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(0, transposes(m), () -> m.getGraph().getNodeList().toString());
        assertMatchesReference(g, Map.of("x", TestData.random(8, 2, 3, 6, 6)));
    }

    @Test
    void batchNormActivationPaddingAndPoolingStayChannelsFirst() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(7, 7, 3));
        String c1 = b.add("conv1", conv3x3(10, 3, 4).op(), x);
        String bn = b.add("bn", new ChannelAffine(3, TestData.randomVector(11, 4), TestData.randomVector(12, 4)), c1);
        String r = b.add("relu", Activation.of(ActivationKind.RELU), bn);
        String pad = b.add("pad", new Pad(ints(0, 1, 0, 0), ints(0, 0, 1, 0)), r);
        String c2 = b.add("conv2", conv(13, new int[] {2, 2, 4, 5}, true, ints(1, 1), ints(1, 1), ints(0, 0), ints(0, 0), 1), pad);
        String up = b.add("up", new Upsample(ints(1, 2, 2, 1)), c2);
        String p = b.add("pool", new Pool(PoolKind.AVERAGE, ints(3, 3), ints(2, 2), ints(1, 1), ints(1, 1)), up);
        String gp = b.add("gap", new GlobalPool(PoolKind.AVERAGE), p);
        b.output("out", b.add("out", new Softmax(1), gp));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(1, transposes(m), () -> m.getGraph().getNodeList().toString());
        assertMatchesReference(g, Map.of("x", TestData.random(14, 2, 7, 7, 3)));
    }

    @Test
    void residualSumAndConcatOfBranchesStayChannelsFirst() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(5, 5, 4));
        String c1 = b.add("conv1", conv3x3(20, 4, 4).op(), x);
        String r1 = b.add("relu1", Activation.of(ActivationKind.RELU), c1);
        String c2 = b.add("conv2", conv3x3(21, 4, 4).op(), r1);
        String sum = b.add("sum", new Elementwise(ElementwiseKind.SUM), c2, r1);
        String c3 = b.add("conv3", conv3x3(22, 4, 2).op(), sum);
        String cat = b.add("cat", new Concat(3), c3, sum);
        b.output("out", b.add("out", conv3x3(23, 6, 3).op(), cat));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(2, transposes(m), () -> m.getGraph().getNodeList().toString());
        assertMatchesReference(g, Map.of("x", TestData.random(24, 2, 5, 5, 4)));
    }

    @Test
    void sharedResidualTrunkWithPaddedDilatedBranchesStaysChannelsFirst() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("wave", Shape.batched(12, 2));
        String trunk = b.add("proj", conv(40, new int[] {1, 2, 3}, true, ints(1), ints(1), ints(0), ints(0), 1), x);
        for (int k = 1; k <= 3; k++) {
            String pad = b.add("pad" + k, new Pad(ints(0, 2 * k, 0), ints(0, 0, 0)), trunk);
            String dil = b.add("dilated" + k, conv(40 + k, new int[] {3, 3, 3}, true, ints(1), ints(k), ints(0), ints(0), 1), pad);
            String act = b.add("tanh" + k, Activation.of(ActivationKind.TANH), dil);
            String mix = b.add("mix" + k, conv(50 + k, new int[] {1, 3, 3}, true, ints(1), ints(1), ints(0), ints(0), 1), act);
            trunk = b.add("sum" + k, new Elementwise(ElementwiseKind.SUM), trunk, mix);
        }
        String head = b.add("head", conv(60, new int[] {1, 3, 4}, true, ints(1), ints(1), ints(0), ints(0), 1), trunk);
        b.output("wave_out", b.add("wave_out/softmax", new Softmax(2), head));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(2, transposes(m), () -> m.getGraph().getNodeList().toString());
        assertMatchesReference(g, Map.of("wave", TestData.random(61, 2, 12, 2)));
    }

    @Test
    void outputNamedDifferentlyFromItsValueNeedsNoIdentity() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(4));
        String d = b.add("dense_1/matmul", new Dense(TestData.random(70, 4, 3), TestData.randomVector(71, 3)), x);
        b.output("dense_1", b.add("dense_1/softmax", new Softmax(1), d));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(List.of("Gemm", "Softmax"), m.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList());
        assertEquals("dense_1", m.getGraph().getNode(1).getOutput(0));
        assertMatchesReference(g, Map.of("x", TestData.random(72, 3, 4)));
    }

    @Test
    void oneValueExposedUnderTwoOutputNames() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(4));
        String r = b.add("relu", Activation.of(ActivationKind.RELU), x);
        b.output("first", r);
        b.output("second", r);
        Graph g = b.build();
        assertMatchesReference(g, Map.of("x", TestData.random(73, 2, 4)));
    }

    @Test
    void graphInputExposedAsOutputUnderItsOwnAndAnotherName() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(4));
        b.output("x", x);
        b.output("copy", x);
        b.output("relu", b.add("relu", Activation.of(ActivationKind.RELU), x));
        Graph g = b.build();
        assertMatchesReference(g, Map.of("x", TestData.random(74, 2, 4)));
    }

    @Test
    void intermediateGraphOutputKeepsItsChannelsLastValue() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(6, 6, 2));
        String c1 = b.add("conv1", conv3x3(30, 2, 3).op(), x);
        String c2 = b.add("conv2", conv3x3(31, 3, 3).op(), c1);
        b.output("features", c1);
        b.output("out", c2);
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(3, transposes(m));
        assertMatchesReference(g, Map.of("x", TestData.random(32, 2, 6, 6, 2)));
    }

    @Test
    void consecutiveTransposesFuseIntoOne() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(2, 3, 4));
        String t1 = b.add("t1", new Transpose(ints(0, 2, 3, 1)), x);
        String t2 = b.add("t2", new Transpose(ints(0, 2, 1, 3)), t1);
        b.output("out", b.add("out", new Transpose(ints(0, 1, 3, 2)), t2));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(1, m.getGraph().getNodeCount());
        NodeProto only = m.getGraph().getNode(0);
        assertEquals("Transpose", only.getOpType());
        assertEquals("out", only.getOutput(0));
        assertEquals("x", only.getInput(0));
        assertMatchesReference(g, Map.of("x", TestData.random(33, 2, 2, 3, 4)));
    }

    @Test
    void inverseTransposesIntoAGraphOutputBecomeIdentity() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(2, 3, 4));
        String t1 = b.add("t1", new Transpose(ints(0, 2, 3, 1)), x);
        b.output("out", b.add("out", new Transpose(ints(0, 3, 1, 2)), t1));
        Graph g = b.build();
        ModelProto m = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        assertEquals(1, m.getGraph().getNodeCount());
        assertEquals("Identity", m.getGraph().getNode(0).getOpType());
        assertTrue(m.getGraph().getInitializerList().isEmpty());
        assertMatchesReference(g, Map.of("x", TestData.random(34, 2, 2, 3, 4)));
    }
}
