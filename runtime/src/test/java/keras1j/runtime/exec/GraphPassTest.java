package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.pass.AbsorbPadding;
import keras1j.runtime.ir.pass.FoldChannelAffine;
import keras1j.runtime.ir.pass.GraphOptimizer;
import keras1j.runtime.tensor.Tensor;

/** Each graph pass on its own: what it rewrites, what it leaves, and that values stay equal (naive reference). */
class GraphPassTest {
    private final Random r = new Random(7);

    private Conv conv(int cin, int cout, int k, int pad) {
        return new Conv(Problems.random(r, k, k, cin, cout), Problems.randomVector(r, cout), new int[] {1, 1},
                new int[] {1, 1}, new int[] {pad, pad}, new int[] {pad, pad}, 1);
    }

    private ChannelAffine affine(int axis, int c) {
        return new ChannelAffine(axis, Problems.randomVector(r, c), Problems.randomVector(r, c));
    }

    private static Node node(Graph g, String name) {
        return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(Graph g) {
        return g.nodes().stream().map(Node::name).toList();
    }

    /** The rewritten graph gives the original's outputs (both on the double-precision reference) and the engine's. */
    private void assertSameValues(Graph original, Graph rewritten, int batch) {
        Map<String, Tensor> in = Problems.inputs(original, r, batch);
        Map<String, Tensor> expected = Reference.run(original, in);
        Map<String, Tensor> actual = Reference.run(rewritten, in);
        for (keras1j.runtime.ir.GraphOutput o : original.outputs()) {
            Problems.assertClose(expected.get(o.name()), actual.get(o.name()), o.name());
        }
        Problems.check(original, in, 2);
    }

    private Graph convAffine(String extraReader, boolean convIsOutput) {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(6, 5, 3));
        b.add("conv", conv(3, 8, 3, 1), x);
        b.add("bn", affine(3, 8), "conv");
        b.add("relu", Activation.of(ActivationKind.RELU), "bn");
        b.output("y", "relu");
        if (extraReader != null) {
            b.add(extraReader, Activation.of(ActivationKind.TANH), "conv");
            b.output("z", extraReader);
        }
        if (convIsOutput) {
            b.output("c", "conv");
        }
        return b.build();
    }

    @Test
    void foldsAffineIntoConvolution() {
        Graph g = convAffine(null, false);
        Graph f = new FoldChannelAffine().apply(g, Set.of());
        assertEquals(List.of("bn", "relu"), names(f));
        Conv folded = assertInstanceOf(Conv.class, node(f, "bn").op());
        assertEquals(List.of("x"), node(f, "bn").inputs());
        Conv c = (Conv) node(g, "conv").op();
        ChannelAffine a = (ChannelAffine) node(g, "bn").op();
        // weight [ky=1, kx=2, ci=1, co=5] and the bias of channel 5
        int i = ((1 * 3 + 2) * 3 + 1) * 8 + 5;
        assertEquals(c.kernel().data()[i] * a.scale()[5], folded.kernel().data()[i], 0f);
        assertEquals(c.bias()[5] * a.scale()[5] + a.shift()[5], folded.bias()[5], 1e-7f);
        assertSameValues(g, f, 3);
    }

    @Test
    void foldsAffineIntoDenseAndTransposedConvolution() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(4, 4, 3));
        b.add("up", new ConvTranspose(Problems.random(r, 3, 3, 3, 5), null, new int[] {2, 2}, new int[] {1, 1},
                new int[] {8, 8}), x);
        b.add("bn1", affine(3, 5), "up");
        b.add("dense", new Dense(Problems.random(r, 5, 6), Problems.randomVector(r, 6)), "bn1");
        b.add("bn2", affine(3, 6), "dense");
        b.output("y", "bn2");
        Graph g = b.build();
        Graph f = GraphOptimizer.optimize(g);
        assertEquals(List.of("bn1", "bn2"), names(f));
        assertInstanceOf(ConvTranspose.class, node(f, "bn1").op());
        assertInstanceOf(Dense.class, node(f, "bn2").op());
        assertSameValues(g, f, 2);
    }

    @Test
    void leavesAffineWhenTheProducerValueIsNeededOrTheAxisIsNotLast() {
        Graph shared = convAffine("other", false);
        assertSame(shared, new FoldChannelAffine().apply(shared, Set.of()));
        Graph output = convAffine(null, true);
        assertSame(output, new FoldChannelAffine().apply(output, Set.of()));
        Graph kept = convAffine(null, false);
        assertSame(kept, new FoldChannelAffine().apply(kept, Set.of("conv")));
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(6, 6, 3));
        b.add("conv", conv(3, 6, 3, 1), x);
        b.add("bn", affine(1, 6), "conv");
        b.output("y", "bn");
        Graph rows = b.build();
        assertSame(rows, new FoldChannelAffine().apply(rows, Set.of()));
    }

    private Graph padConv(boolean padIsOutput, boolean channelPad) {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(7, 6, 4));
        b.add("pad", new Pad(new int[] {0, 1, 2, 0}, new int[] {0, 2, 0, channelPad ? 1 : 0}), x);
        b.add("conv", conv(channelPad ? 5 : 4, 6, 3, 0), "pad");
        b.output("y", "conv");
        if (padIsOutput) {
            b.output("p", "pad");
        }
        return b.build();
    }

    @Test
    void absorbsSpatialPaddingIntoConvolution() {
        Graph g = padConv(false, false);
        Graph f = new AbsorbPadding().apply(g, Set.of());
        assertEquals(List.of("conv"), names(f));
        Conv c = (Conv) node(f, "conv").op();
        assertArrayEquals(new int[] {1, 2}, c.padsBegin());
        assertArrayEquals(new int[] {2, 0}, c.padsEnd());
        assertEquals(List.of("x"), node(f, "conv").inputs());
        assertEquals(g.shapeOf("conv"), f.shapeOf("conv"));
        assertSameValues(g, f, 2);
    }

    @Test
    void keepsThePadNodeForOtherReadersAndLeavesChannelPadding() {
        Graph g = padConv(true, false);
        Graph f = new AbsorbPadding().apply(g, Set.of());
        assertEquals(List.of("pad", "conv"), names(f));
        assertEquals(List.of("x"), node(f, "conv").inputs());
        assertSameValues(g, f, 1);
        Graph kept = new AbsorbPadding().apply(padConv(false, false), Set.of("pad"));
        assertEquals(List.of("pad", "conv"), names(kept));
        Graph channels = padConv(false, true);
        assertSame(channels, new AbsorbPadding().apply(channels, Set.of()));
    }

    @Test
    void transposeMovingOnlyUnitAxesBecomesReshape() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(1, 5, 4));
        b.add("t", new keras1j.runtime.ir.Transpose(new int[] {0, 2, 3, 1}), x);
        b.add("u", new keras1j.runtime.ir.Transpose(new int[] {0, 2, 1, 3}), "t");
        b.output("y", "u");
        Graph g = b.build();
        Graph f = new keras1j.runtime.ir.pass.TransposeAsReshape().apply(g, Set.of());
        assertInstanceOf(keras1j.runtime.ir.Reshape.class, node(f, "t").op());
        assertInstanceOf(keras1j.runtime.ir.Transpose.class, node(f, "u").op());
        assertEquals(g.shapeOf("t"), f.shapeOf("t"));
        assertSameValues(g, f, 3);
    }

    @Test
    void engineRunsTheOptimizedGraphAndStillEvaluatesRemovedValues() {
        Graph g = convAffine(null, false);
        Map<String, Tensor> in = Problems.inputs(g, r, 2);
        Map<String, Tensor> expected = Reference.run(g, in);
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(1))) {
            assertSame(g, e.graph());
            assertFalse(e.optimizedGraph().hasValue("conv"));
            assertTrue(e.optimizedGraph().nodes().stream().map(Node::op).noneMatch(ChannelAffine.class::isInstance));
            Problems.assertClose(expected.get("y"), e.predict(in).get("y"), "predict");
            Map<String, Tensor> values = e.evaluate(in, List.of("conv", "bn"));
            Tensor conv = Reference.apply("conv", node(g, "conv").op(), List.of(in.get("x")));
            Problems.assertClose(conv, values.get("conv"), "conv");
            Op bn = node(g, "bn").op();
            Problems.assertClose(Reference.apply("bn", bn, List.of(conv)), values.get("bn"), "bn");
        }
    }
}
