package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.pass.GraphOptimizer;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.tensor.Tensor;

/**
 * Seeded property test of the residual sum fused into a convolution ({@link Schedule}: the sum's
 * other operand added in the convolution's epilogue, then the activation after the sum): random
 * convolutions of {@link ConvPropertyTest#generate} on every path and kernel set, their output summed
 * with a second input (either operand order) and optionally activated, against the naive
 * {@link Reference} and against the same engine with fusion prevented (the convolution's own value
 * requested, so that the sum and the activation run as separate steps).
 */
class ResidualFusionPropertyTest {
    private static final long SEED = Long.getLong("keras1j.seed", 20261207L);
    private static final int CASES = Integer.getInteger("keras1j.cases", 120);

    /** The graph: {@code x} (optional pad node) into the convolution, plus {@code y}, then the activation. */
    static Graph graph(ConvPropertyTest.Case c, boolean convFirst, ActivationKind act) {
        Graph plain = ConvPropertyTest.graph(new ConvPropertyTest.Case(c.in(), c.cin(), c.kernel(), c.cout(),
                c.groups(), c.strides(), c.dilations(), c.padsBegin(), c.padsEnd(), c.nodePadBegin(), c.nodePadEnd(),
                c.bias(), null, c.batch(), c.threads()));
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", plain.inputs().get(0).shape());
        Shape convShape = plain.shapeOf("conv");
        String y = b.input("y", convShape);
        String v = x;
        for (Node n : plain.nodes()) {
            v = b.add(n.name(), n.op(), n.inputs().toArray(String[]::new));
        }
        String sum = convFirst ? b.add("sum", new Elementwise(ElementwiseKind.SUM), v, y)
                : b.add("sum", new Elementwise(ElementwiseKind.SUM), y, v);
        String out = act == null ? sum : b.add("act", new Activation(act, 0.3f), sum);
        b.output("out", out);
        return b.build();
    }

    @Test
    void fusedSumsMatchReferenceAndTheUnfusedGraph() {
        Random r = new Random(SEED);
        Set<String> paths = new TreeSet<>();
        int fusedCases = 0;
        for (int i = 0; i < CASES; i++) {
            ConvPropertyTest.Case c = ConvPropertyTest.generate(r);
            ActivationKind act = r.nextInt(3) == 0 ? null
                    : r.nextBoolean() ? ActivationKind.RELU : ActivationKind.values()[r.nextInt(ActivationKind.values().length)];
            Graph g = graph(c, r.nextBoolean(), act);
            paths.add(ConvPropertyTest.path(c, KernelChoice.PLAIN));
            paths.add(ConvPropertyTest.path(c, KernelChoice.BEST));
            Map<String, Tensor> inputs = Problems.inputs(g, new Random(SEED + i), c.batch());
            Map<String, Tensor> expected = Reference.run(g, inputs);
            for (KernelChoice kc : List.of(KernelChoice.PLAIN, KernelChoice.BEST)) {
                try (JavaEngine engine = JavaEngine.create(g, new JavaEngineOptions(c.threads(), kc,
                        JavaEngineOptions.Winograd.AUTO))) {
                    String what = "case " + i + " " + c + " act " + act + " " + engine.kernels().name();
                    Tensor fused = engine.predict(inputs).get("out");
                    Problems.assertClose(expected.get("out"), fused, what + " (fused)");
                    String outValue = g.outputs().get(0).value();
                    Tensor unfused = engine.evaluate(inputs, List.of(outValue, "conv")).get(outValue);
                    Problems.assertClose(unfused, fused, what + " (against the unfused graph)");
                    if (fuses(engine, g)) {
                        fusedCases++;
                    }
                } catch (RuntimeException e) {
                    fail("case " + i + " " + c + " act " + act + ": " + e, e);
                }
            }
        }
        paths.remove("winograd");
        assertTrue(paths.containsAll(List.of("flat", "im2col", "pointwise", "taps", "transposed")), "paths " + paths);
        assertTrue(fusedCases > CASES, "fused in " + fusedCases + " of " + 2 * CASES + " engine runs");
    }

    /** True if the engine's predict schedule folds the sum into the convolution. */
    private static boolean fuses(JavaEngine engine, Graph g) {
        Graph optimized = GraphOptimizer.optimize(g);
        KernelSet kernels = engine.kernels();
        List<Node> nodes = optimized.nodes();
        Step[] steps = new Step[nodes.size()];
        int[][] ins = new int[nodes.size()][];
        List<String> ids = new ArrayList<>();
        optimized.inputs().forEach(in -> ids.add(in.name()));
        for (int i = 0; i < steps.length; i++) {
            steps[i] = Planner.plan(optimized, nodes.get(i), kernels);
            ins[i] = nodes.get(i).inputs().stream().mapToInt(ids::indexOf).toArray();
            ids.add(nodes.get(i).name());
        }
        int out = ids.indexOf(optimized.outputs().get(0).value());
        Schedule s = new Schedule(optimized, steps, ins, new int[] {out}, true);
        int sum = ids.indexOf("sum");
        return s.alias[sum] && s.inputs[s.source[sum] - optimized.inputs().size()].length == 2;
    }

    @Test
    void sumOfTwoConvolutionsFusesIntoTheLaterOneAndNotIntoARequestedOne() {
        Random r = new Random(3);
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(6, 5, 16));
        String a = b.add("a", new Conv(Problems.random(r, 1, 1, 16, 32), Problems.randomVector(r, 32),
                new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), x);
        String c = b.add("c", new Conv(Problems.random(r, 3, 3, 16, 32), null, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, 1), x);
        String s = b.add("sum", new Elementwise(ElementwiseKind.SUM), a, c);
        String o = b.add("relu", new Activation(ActivationKind.RELU, 0f), s);
        b.output("out", o);
        Graph g = b.build();
        Map<String, Tensor> inputs = Problems.inputs(g, r, 2);
        Map<String, Tensor> expected = Reference.run(g, inputs);
        for (KernelChoice kc : List.of(KernelChoice.PLAIN, KernelChoice.BEST)) {
            for (int threads : new int[] {1, 2}) {
                try (JavaEngine engine = JavaEngine.create(g, new JavaEngineOptions(threads, kc,
                        JavaEngineOptions.Winograd.NEVER))) {
                    Problems.assertClose(expected.get("out"), engine.predict(inputs).get("out"), kc + " predict");
                    Map<String, Tensor> both = engine.evaluate(inputs, List.of("relu", "c", "sum"));
                    Problems.assertClose(expected.get("out"), both.get("relu"), kc + " with c requested");
                }
            }
        }
        List<Node> nodes = g.nodes();
        Step[] steps = new Step[nodes.size()];
        int[][] ins = {{0}, {0}, {1, 2}, {3}};
        for (int i = 0; i < steps.length; i++) {
            steps[i] = Planner.plan(g, nodes.get(i), KernelSet.of(KernelChoice.BEST),
                    JavaEngineOptions.Winograd.NEVER);
        }
        Schedule fused = new Schedule(g, steps, ins, new int[] {4}, true);
        assertTrue(fused.alias[3] && fused.alias[4], "sum and relu fused");
        assertEquals(2, fused.source[3], "the sum is c's output");
        assertEquals(List.of(0, 1), Arrays.stream(fused.inputs[1]).boxed().toList(), "c reads x and a");
        assertTrue(fused.fused[1] != null, "relu fused into c");
        Schedule keepC = new Schedule(g, steps, ins, new int[] {4, 2}, true);
        assertFalse(keepC.alias[3], "c requested: the sum runs on its own");
        assertEquals(1, keepC.inputs[1].length, "c reads x only");
    }

    /**
     * A residual sum whose other operand is a step's value read by nothing after the sum: the
     * pointwise and implicit convolutions accumulate onto that operand's array in place
     * ({@link Step#addsInPlace}). Checked against the reference with the operand dead after the sum,
     * still read by a later node (no reuse; the later node must see it intact), requested, and equal
     * to the convolution's own input (never reused: the convolution reads it while it writes).
     */
    @Test
    void sumsAccumulateOntoADeadOperandInPlaceAndLeaveLiveOnesIntact() {
        Random r = new Random(11);
        int[][] kernels = {{1, 1}, {3, 3}, {1, 1}};
        int[][] strides = {{1, 1}, {1, 1}, {2, 2}};
        for (int shape = 0; shape < kernels.length; shape++) {
            for (int variant = 0; variant < 4; variant++) {
                int[] k = kernels[shape];
                int[] st = strides[shape];
                int pad = k[0] / 2;
                GraphBuilder b = new GraphBuilder();
                String x = b.input("x", Shape.batched(8, 7, 48));
                // h: a step's value (dead after the sum unless a variant keeps it)
                String h = b.add("h", new Conv(Problems.random(r, 1, 1, 48, 48), Problems.randomVector(r, 48),
                        new int[] {1, 1}, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), x);
                String in = variant == 3 ? h : x;
                String c = b.add("c", new Conv(Problems.random(r, k[0], k[1], 48, 48), Problems.randomVector(r, 48),
                        st, new int[] {1, 1}, new int[] {pad, pad}, new int[] {pad, pad}, 1), in);
                String other = h;
                if (st[0] != 1) {
                    other = b.add("hs", new Conv(Problems.random(r, 1, 1, 48, 48), Problems.randomVector(r, 48),
                            st, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), x);
                }
                String sum = b.add("sum", new Elementwise(ElementwiseKind.SUM), other, c);
                String o = b.add("relu", new Activation(ActivationKind.RELU, 0f), sum);
                b.output("out", o);
                if (variant == 1) {
                    b.output("later", b.add("later", new Activation(ActivationKind.TANH, 0f), other));
                } else if (variant == 2) {
                    b.output("kept", other);
                }
                Graph g = b.build();
                for (int batch : new int[] {1, 3}) {
                    Map<String, Tensor> inputs = Problems.inputs(g, r, batch);
                    Map<String, Tensor> expected = Reference.run(g, inputs);
                    for (KernelChoice kc : List.of(KernelChoice.PLAIN, KernelChoice.BEST)) {
                        for (int threads : new int[] {1, 2}) {
                            String what = "kernel " + k[0] + "x" + k[1] + "/" + st[0] + " variant " + variant
                                    + " batch " + batch + " " + kc + " threads " + threads;
                            try (JavaEngine engine = JavaEngine.create(g, new JavaEngineOptions(threads, kc,
                                    JavaEngineOptions.Winograd.NEVER))) {
                                Map<String, Tensor> got = engine.predict(inputs);
                                assertEquals(variant == 1 || variant == 2 ? 2 : 1, got.size(), what);
                                for (String name : got.keySet()) {
                                    Problems.assertClose(expected.get(name), got.get(name), what + " " + name);
                                }
                                // twice: recycled arrays hold the previous call's values
                                Problems.assertClose(expected.get("out"), engine.predict(inputs).get("out"),
                                        what + " second call");
                            }
                        }
                    }
                }
                Step conv = Planner.plan(g, g.nodes().get(1), KernelSet.of(KernelChoice.BEST),
                        JavaEngineOptions.Winograd.NEVER);
                assertTrue(conv.addsInPlace(1) || !KernelSet.of(KernelChoice.BEST).sgemm().readsTaps(),
                        "conv " + k[0] + "x" + k[1] + "/" + st[0] + " adds in place: " + conv.describe(1, null));
            }
        }
    }
}
