package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * Seeded property test of {@link Winograd1DConvStep}, F(2,3) and F(4,3), on both kernel sets: random 1D
 * length-3 stride-1 convolutions (lengths from 1, pads 0-2 on each side, batch, channel counts, bias,
 * fused activation, threads) against the naive double-precision {@link Reference}.
 *
 * <p><b>Error bound</b>, as in {@link WinogradConvTest} with one axis: every output is within
 * {@code amp1(m) * (Cin + 2(m+2)) * 2^-24 * S} of the exact value, {@code S} the largest sum of the
 * magnitudes of the products over the outputs of the same channel in the output's tile of {@code m}
 * positions, and {@code amp1(m) = max_i sum_{p, r} sum_k |A^T_ik G_kp B^T_kr| / 3} the transforms' terms
 * taken in magnitude; each transformed term passes through at most {@code m + 2} rounded additions in
 * each of the input and output transforms and {@code Cin} in the product's sum. To that comes the float32
 * rounding of the result itself ({@code 4 * 2^-24 |y|}: the reference rounded to float32, and the
 * activation evaluated in float32), which dominates with one input channel. The test also checks that
 * the largest measured error is a visible part of the bound.
 */
class Winograd1DConvTest {
    private static final long SEED = Long.getLong("keras1j.seed", 20261207L);
    private static final int CASES = Integer.getInteger("keras1j.cases", 80);
    private static final int[] CHANNELS = {1, 3, 8, 16, 17, 32, 33, 64, 70, 128};
    private static final double U = Math.ulp(1f) / 2;

    /** One problem: input {@code length x cin}, pads, output channels, bias, activation, batch, threads. */
    record Case(int length, int cin, int cout, int padBegin, int padEnd, boolean bias, ActivationKind act,
            int batch, int threads) {

        boolean valid() {
            return length + padBegin + padEnd >= 3;
        }

        String literal() {
            return "new Case(" + length + ", " + cin + ", " + cout + ", " + padBegin + ", " + padEnd + ", " + bias
                    + ", " + (act == null ? "null" : "ActivationKind." + act) + ", " + batch + ", " + threads + ")";
        }
    }

    /** Corner cases (and shrunk failures) run on every build. */
    static Stream<Named<Case>> namedCases() {
        List<Named<Case>> c = new ArrayList<>();
        c.add(Named.of("one output position, no pads", new Case(3, 16, 8, 0, 0, true, null, 1, 1)));
        c.add(Named.of("partial last tile, same padding, relu", new Case(9, 33, 17, 1, 1, true, ActivationKind.RELU,
                2, 2)));
        c.add(Named.of("input shorter than the kernel, all padding", new Case(1, 8, 8, 2, 0, false,
                ActivationKind.TANH, 3, 2)));
        c.add(Named.of("causal padding (two on the left)", new Case(20, 32, 16, 2, 0, true, null, 2, 1)));
        c.add(Named.of("many tiles over several blocks and threads", new Case(600, 32, 64, 1, 1, true,
                ActivationKind.SIGMOID, 2, 2)));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("namedCases")
    void namedCaseWithinBound(Case c) {
        for (int m : new int[] {2, 4}) {
            String f = failure(c, m);
            if (f != null) {
                fail(c + " F(" + m + ",3): " + f);
            }
        }
    }

    @Test
    void randomConvolutionsWithinBound() {
        Random r = new Random(SEED);
        double worst2 = 0;
        double worst4 = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generate(r);
            for (int m : new int[] {2, 4}) {
                String f = failure(c, m);
                if (f != null) {
                    Case small = shrink(c, m);
                    fail("seed " + SEED + ", case " + i + " F(" + m + ",3): " + c + ": " + f + "\nshrunk to " + small
                            + ": " + failure(small, m) + "\nkeep it in namedCases(): " + small.literal());
                }
            }
            worst2 = Math.max(worst2, lastRatio[0]);
            worst4 = Math.max(worst4, lastRatio[1]);
        }
        assertTrue(worst2 > 0.001 && worst4 > 0.001, "the bound is not vacuous: " + worst2 + ", " + worst4);
        System.out.printf("Winograd 1D amp1(2) %.3g, amp1(4) %.3g; largest error / bound: F(2,3) %.3g, F(4,3) %.3g%n",
                amplification(2), amplification(4), worst2, worst4);
    }

    @Test
    void amplificationOfTheTransforms() {
        assertEquals(8 / 3.0, amplification(2), 1e-9);
        assertEquals(16, amplification(4), 1e-9);
    }

    @Test
    void plannerChoosesWinogradByOptionChannelsAndMemory() {
        KernelSet k = KernelSet.of(KernelChoice.BEST);
        Graph g = graph(new Case(256, 128, 128, 1, 1, true, null, 1, 1), false);
        Node conv = g.nodes().get(0);
        assertEquals(4, ((Winograd1DConvStep) Planner.plan(g, conv, k, JavaEngineOptions.Winograd.AUTO)).tile());
        assertTrue(Planner.plan(g, conv, k, JavaEngineOptions.Winograd.NEVER) instanceof ConvStep);
        Graph few = graph(new Case(256, 16, 128, 1, 1, true, null, 1, 1), false);
        assertTrue(Planner.plan(few, few.nodes().get(0), k, JavaEngineOptions.Winograd.AUTO) instanceof ConvStep);
        assertTrue(Planner.plan(few, few.nodes().get(0), k, JavaEngineOptions.Winograd.ALWAYS)
                instanceof Winograd1DConvStep);
        Graph shortOut = graph(new Case(5, 16, 16, 1, 1, true, null, 1, 1), false);
        assertEquals(2, ((Winograd1DConvStep) Planner.plan(shortOut, shortOut.nodes().get(0), k,
                JavaEngineOptions.Winograd.ALWAYS)).tile());
        // within the memory budget left: F(4,3), else F(2,3), else direct
        long read = 4L * 3 * 128 * 128;
        long f4 = Winograd1DConvStep.kernelBytes(4, 128, 128) + read;
        long f2 = Winograd1DConvStep.kernelBytes(2, 128, 128) + read;
        java.util.function.LongFunction<Step> planIn = bytes -> MemoryBudget.ofBytes(bytes)
                .run("plan", () -> Planner.plan(g, conv, k, JavaEngineOptions.Winograd.AUTO));
        assertEquals(4, ((Winograd1DConvStep) planIn.apply(f4)).tile());
        assertEquals(2, ((Winograd1DConvStep) planIn.apply(f4 - 1)).tile());
        assertTrue(planIn.apply(f2 - 1) instanceof ConvStep);
        // a strided or dilated 1D convolution is not Winograd's
        Conv strided = new Conv(Problems.random(new Random(1), 3, 8, 8), null, new int[] {2}, new int[] {1},
                new int[] {1}, new int[] {1}, 1);
        Graph gs = Problems.single(strided, new int[] {20, 8});
        assertTrue(Planner.plan(gs, gs.nodes().get(0), k, JavaEngineOptions.Winograd.ALWAYS) instanceof ConvStep);
        Conv dilated = new Conv(Problems.random(new Random(1), 3, 8, 8), null, new int[] {1}, new int[] {2},
                new int[] {2}, new int[] {2}, 1);
        Graph gd = Problems.single(dilated, new int[] {20, 8});
        assertTrue(Planner.plan(gd, gd.nodes().get(0), k, JavaEngineOptions.Winograd.ALWAYS) instanceof ConvStep);
    }

    @Test
    void engineOptionForcesBothWaysToTheSameNumbers() {
        Case c = new Case(50, 32, 40, 1, 1, true, ActivationKind.RELU, 2, 2);
        Graph g = graph(c, false);
        Map<String, Tensor> inputs = Problems.inputs(g, new Random(5), c.batch);
        JavaEngineOptions o = new JavaEngineOptions(2);
        try (JavaEngine on = JavaEngine.create(g, o.withWinograd(JavaEngineOptions.Winograd.ALWAYS));
                JavaEngine off = JavaEngine.create(g, o.withWinograd(JavaEngineOptions.Winograd.NEVER))) {
            Problems.assertClose(off.predict(inputs).get("out"), on.predict(inputs).get("out"), "winograd 1D");
        }
    }

    static Case generate(Random r) {
        while (true) {
            Case c = new Case(1 + r.nextInt(r.nextBoolean() ? 20 : 300), CHANNELS[r.nextInt(CHANNELS.length)],
                    CHANNELS[r.nextInt(CHANNELS.length)], r.nextInt(3), r.nextInt(3), r.nextBoolean(),
                    r.nextBoolean() ? null : ActivationKind.values()[r.nextInt(ActivationKind.values().length)],
                    1 + r.nextInt(3), 1 + r.nextInt(2));
            if (c.valid()) {
                return c;
            }
        }
    }

    /** The convolution of a case ({@code abs}: with |kernel| and |bias|, no activation). */
    static Graph graph(Case c, boolean abs) {
        Random r = new Random(Arrays.hashCode(new int[] {c.length, c.cin, c.cout}));
        Tensor k = Problems.random(r, 3, c.cin, c.cout);
        float[] b = c.bias ? Problems.randomVector(r, c.cout) : null;
        if (abs) {
            k = Tensor.of(absolute(k.data()), k.shape());
            b = b == null ? null : absolute(b);
        }
        Conv conv = new Conv(k, b, new int[] {1}, new int[] {1}, new int[] {c.padBegin}, new int[] {c.padEnd}, 1);
        keras1j.runtime.ir.GraphBuilder gb = new keras1j.runtime.ir.GraphBuilder();
        String v = gb.input("x0", keras1j.runtime.ir.Shape.batched(new int[] {c.length, c.cin}));
        v = gb.add("y", conv, v);
        if (!abs && c.act != null) {
            v = gb.add("act", new keras1j.runtime.ir.Activation(c.act, c.act == ActivationKind.ELU ? 0.7f : 0.3f), v);
        }
        gb.output("out", v);
        return gb.build();
    }

    private static float[] absolute(float[] v) {
        float[] a = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            a[i] = Math.abs(v[i]);
        }
        return a;
    }

    /** {@code amp1(m)} of F(m, 3) (see the class comment). */
    static double amplification(int m) {
        double[][] t = WinogradConvStep.transforms(m);
        double[] bt = t[0];
        double[] g = t[1];
        double[] at = t[2];
        int a = m + 2;
        double worst = 0;
        for (int i = 0; i < m; i++) {
            double sum = 0;
            for (int p = 0; p < 3; p++) {
                for (int rr = 0; rr < a; rr++) {
                    for (int k = 0; k < a; k++) {
                        sum += Math.abs(at[i * a + k] * g[k * 3 + p] * bt[k * a + rr]);
                    }
                }
            }
            worst = Math.max(worst, sum / 3);
        }
        return worst;
    }

    /** Largest error / bound of the last checked case, per F(2,3) and F(4,3). */
    private static final double[] lastRatio = new double[2];

    /** Null if the Winograd step on both kernel sets is within the bound, else what differs. */
    static String failure(Case c, int m) {
        if (!c.valid()) {
            return null;
        }
        Graph g = graph(c, false);
        Map<String, Tensor> inputs = Problems.inputs(g, new Random(c.literal().hashCode()), c.batch);
        Tensor x = inputs.get("x0");
        float[] expected = Reference.run(g, inputs).get("out").data();
        Map<String, Tensor> absIn = Map.of("x0", Tensor.of(absolute(x.data()), x.shape()));
        float[] sums = Reference.run(graph(c, true), absIn).get("out").data();
        Conv conv = (Conv) g.nodes().get(0).op();
        double amp = amplification(m);
        int o = g.shapeOf("y").sampleDims()[0];
        float[] tileSums = tileMax(sums, c.batch, o, c.cout, m);
        double ratio = 0;
        for (KernelChoice kc : List.of(KernelChoice.PLAIN, KernelChoice.BEST)) {
            KernelSet ks = KernelSet.of(kc);
            Window win = new Window(new int[] {c.length}, new int[] {3}, new int[] {1}, null,
                    new int[] {c.padBegin}, new int[] {o});
            Winograd1DConvStep step = new Winograd1DConvStep("y", conv, win, c.cin, ks, m);
            Act act = c.act == null ? null : new Act(c.act, c.act == ActivationKind.ELU ? 0.7f : 0.3f, ks);
            float[] out = new float[expected.length];
            Arrays.fill(out, Float.NaN);
            try (Parallel p = new Parallel(c.threads)) {
                step.run(new Exec(p, new Arena(MemoryBudget.defaults())), c.batch, new float[][] {x.data()}, out, act);
            }
            for (int i = 0; i < out.length; i++) {
                // plus the float32 rounding of the result itself (the reference's and the activation's)
                double bound = amp * (c.cin + 2 * (m + 2)) * U * tileSums[i] + 4 * U * Math.abs(expected[i])
                        + Float.MIN_NORMAL;
                double err = Math.abs((double) out[i] - expected[i]);
                if (!(err <= bound)) {
                    return ks.name() + ": output " + i + " expected " + expected[i] + " but was " + out[i]
                            + " (bound " + bound + ", sum of |products| " + sums[i] + ", largest in its tile "
                            + tileSums[i] + ")";
                }
                ratio = Math.max(ratio, err / bound);
            }
        }
        lastRatio[m == 2 ? 0 : 1] = ratio;
        return null;
    }

    /** Per output, the largest of {@code sums} over the outputs of its tile of {@code m} (same sample and channel). */
    static float[] tileMax(float[] sums, int batch, int ol, int cout, int m) {
        float[] t = new float[sums.length];
        for (int b = 0; b < batch; b++) {
            for (int x = 0; x < ol; x++) {
                for (int co = 0; co < cout; co++) {
                    float mx = 0;
                    for (int xx = x / m * m; xx < Math.min(ol, x / m * m + m); xx++) {
                        mx = Math.max(mx, sums[(b * ol + xx) * cout + co]);
                    }
                    t[(b * ol + x) * cout + co] = mx;
                }
            }
        }
        return t;
    }

    static Case shrink(Case c, int m) {
        boolean progress = true;
        for (int round = 0; progress && round < 100; round++) {
            progress = false;
            List<Case> s = List.of(
                    new Case(c.length, c.cin, c.cout, c.padBegin, c.padEnd, c.bias, c.act, 1, c.threads),
                    new Case(c.length, c.cin, c.cout, c.padBegin, c.padEnd, c.bias, c.act, c.batch, 1),
                    new Case(c.length, c.cin, c.cout, c.padBegin, c.padEnd, c.bias, null, c.batch, c.threads),
                    new Case(c.length, c.cin, c.cout, c.padBegin, c.padEnd, false, c.act, c.batch, c.threads),
                    new Case(Math.max(1, c.length - 1), c.cin, c.cout, c.padBegin, c.padEnd, c.bias, c.act, c.batch,
                            c.threads),
                    new Case(Math.max(1, c.length / 2), c.cin, c.cout, c.padBegin, c.padEnd, c.bias, c.act, c.batch,
                            c.threads),
                    new Case(c.length, Math.max(1, c.cin / 2), c.cout, c.padBegin, c.padEnd, c.bias, c.act, c.batch,
                            c.threads),
                    new Case(c.length, c.cin, Math.max(1, c.cout / 2), c.padBegin, c.padEnd, c.bias, c.act, c.batch,
                            c.threads),
                    new Case(c.length, c.cin, c.cout, 0, c.padEnd, c.bias, c.act, c.batch, c.threads),
                    new Case(c.length, c.cin, c.cout, c.padBegin, 0, c.bias, c.act, c.batch, c.threads));
            for (Case t : s) {
                if (!t.equals(c) && t.valid() && failure(t, m) != null) {
                    c = t;
                    progress = true;
                    break;
                }
            }
        }
        return c;
    }
}
