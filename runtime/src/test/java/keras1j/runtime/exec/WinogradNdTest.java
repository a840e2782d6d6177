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

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * Seeded property test of {@link WinogradConvStep} on 1D, 2D and 3D convolutions (kernel 3 on every
 * axis, stride 1), F(2,3) and F(4,3) per axis, on both kernel sets: random sizes from 1, pads 0-2 on
 * each side, batch, channel counts, bias, fused activation and threads, against the naive
 * double-precision {@link Reference}.
 *
 * <p><b>Error bound.</b> Every output {@code y} is compared with the exact value within
 * {@code amp1(m)^d (Cin + 2d(m+2)) 2^-24 S} on {@code d} axes, where {@code S} is the largest sum of the
 * magnitudes of the products ({@code |b| + sum |w| |x|}, the reference run on {@code |w|}, {@code |x|},
 * {@code |b|}) over the outputs of the same channel in the output's tile: the transforms mix every input
 * of the tile into every output of it, and every non-zero input of a tile lies in the window of one of
 * its outputs (inputs of the virtual outputs past the output's end are past the input: zeros). An output
 * whose own window is nearly empty (a corner in the padding) therefore carries the rounding of its
 * tile's larger terms; a bound on its own sum fails there (a 2D seed found such a corner, kept as a
 * named case). Reasoning: the algorithm computes a multilinear form (per channel pair) in which the
 * products of the direct convolution have coefficient 1 and the others cancel exactly; float32
 * rounding acts on the transformed terms, whose magnitudes are bounded by the sum of the form's
 * coefficients in magnitude times the products rather than by {@code S}. The transforms are tensor
 * products of the 1D ones, so that sum factorizes per axis: for inputs of comparable magnitude within a
 * tile (as here) it is {@code amp1(m)^d S} with {@code amp1(m) = max_i sum_{p,r} sum_k |A^T_ik G_kp
 * B^T_kr| / 3} (checked below against the 2D figure of {@link WinogradConvTest#amplification}). Each
 * transformed term then passes through at most {@code d(m+2)} rounded additions in each of the input and
 * output transforms and {@code Cin} in the product's sum, hence the worst-case (linear, not statistical)
 * factor {@code Cin + 2d(m+2)}. The activations used are 1-Lipschitz or flatter, so the bound holds after
 * them too. The test also checks that the largest measured error is a visible fraction of the bound,
 * so the bound is not vacuous.
 */
class WinogradNdTest {
    private static final long SEED = Long.getLong("keras1j.seed", 20261207L);
    private static final int CASES = Integer.getInteger("keras1j.cases", 90);
    private static final int[] CHANNELS = {1, 3, 8, 16, 17, 32, 33, 64, 70};
    private static final double U = Math.ulp(1f) / 2;

    /** One problem: spatial input sizes (rank 1 to 3), channels, pads, bias, activation, batch, threads. */
    record Case(int[] size, int cin, int cout, int[] padsBegin, int[] padsEnd, boolean bias, ActivationKind act,
            int batch, int threads) {

        int rank() {
            return size.length;
        }

        boolean valid() {
            for (int a = 0; a < size.length; a++) {
                if (size[a] + padsBegin[a] + padsEnd[a] < 3) {
                    return false;
                }
            }
            return true;
        }

        int[] outSize() {
            int[] o = new int[size.length];
            for (int a = 0; a < o.length; a++) {
                o[a] = size[a] + padsBegin[a] + padsEnd[a] - 2;
            }
            return o;
        }

        @Override
        public String toString() {
            return literal();
        }

        String literal() {
            return "new Case(new int[] " + arr(size) + ", " + cin + ", " + cout + ", new int[] " + arr(padsBegin)
                    + ", new int[] " + arr(padsEnd) + ", " + bias + ", "
                    + (act == null ? "null" : "ActivationKind." + act) + ", " + batch + ", " + threads + ")";
        }

        private static String arr(int[] v) {
            return Arrays.toString(v).replace('[', '{').replace(']', '}');
        }
    }

    /** Corner cases (and shrunk failures) run on every build. */
    static Stream<Named<Case>> namedCases() {
        List<Named<Case>> c = new ArrayList<>();
        c.add(Named.of("1D, one output", new Case(new int[] {3}, 16, 8, new int[] {0}, new int[] {0}, true, null, 1,
                1)));
        c.add(Named.of("1D, partial last tile, same padding, relu", new Case(new int[] {27}, 33, 17, new int[] {1},
                new int[] {1}, true, ActivationKind.RELU, 2, 2)));
        c.add(Named.of("1D, input shorter than the kernel", new Case(new int[] {1}, 8, 8, new int[] {2},
                new int[] {1}, false, ActivationKind.TANH, 3, 2)));
        c.add(Named.of("2D, one output position per axis, no pads", new Case(new int[] {3, 3}, 16, 8,
                new int[] {0, 0}, new int[] {0, 0}, true, null, 1, 1)));
        c.add(Named.of("2D, partial tiles on both axes, same padding, relu", new Case(new int[] {9, 7}, 33, 17,
                new int[] {1, 1}, new int[] {1, 1}, true, ActivationKind.RELU, 2, 2)));
        c.add(Named.of("2D, input smaller than the kernel, all padding", new Case(new int[] {1, 2}, 8, 8,
                new int[] {2, 1}, new int[] {0, 1}, false, ActivationKind.TANH, 3, 2)));
        c.add(Named.of("2D, padded corner whose own products are few, in a tile of larger ones", new Case(
                new int[] {8, 10}, 1, 70, new int[] {2, 2}, new int[] {1, 1}, false, null, 1, 1)));
        c.add(Named.of("2D, many tiles over several blocks and threads", new Case(new int[] {30, 27}, 32, 64,
                new int[] {1, 0}, new int[] {1, 2}, true, ActivationKind.SIGMOID, 2, 2)));
        c.add(Named.of("3D, one output", new Case(new int[] {3, 3, 3}, 8, 8, new int[] {0, 0, 0},
                new int[] {0, 0, 0}, true, null, 1, 1)));
        c.add(Named.of("3D, partial tiles on every axis, same padding, sigmoid", new Case(new int[] {5, 7, 6}, 17,
                33, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true, ActivationKind.SIGMOID, 2, 2)));
        c.add(Named.of("3D, uneven pads, several blocks and threads", new Case(new int[] {6, 9, 8}, 16, 16,
                new int[] {2, 0, 1}, new int[] {0, 2, 1}, false, ActivationKind.RELU, 3, 2)));
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
        double worst = 0;
        for (int i = 0; i < CASES; i++) {
            Case c = generate(r, 1 + i % 3);
            for (int m : new int[] {2, 4}) {
                String f = failure(c, m);
                if (f != null) {
                    Case small = shrink(c, m);
                    fail("seed " + SEED + ", case " + i + " F(" + m + ",3): " + c + ": " + f + "\nshrunk to " + small
                            + ": " + failure(small, m) + "\nkeep it in namedCases(): " + small.literal());
                }
                worst = Math.max(worst, lastRatio);
            }
        }
        assertTrue(worst > 0, "errors measured");
        System.out.printf("Winograd amp1(2) %.3g, amp1(4) %.3g; largest error / bound %.3g%n", amplification(2),
                amplification(4), worst);
    }

    @Test
    void oneDimensionalAmplificationIsTheSquareRootOfTheTwoDimensional() {
        for (int m : new int[] {2, 4}) {
            double a1 = amplification(m);
            assertEquals(WinogradConvTest.amplification(m), a1 * a1, 1e-9 * a1 * a1, "F(" + m + ")");
        }
    }

    @Test
    void plannerPicksWinogradWherePaid() {
        KernelSet k = KernelSet.of(KernelChoice.BEST);
        // 1D: F(4,3) from 48 channels and 64 outputs; not on short or narrow sequences
        assertEquals(4, winograd(new Case(new int[] {128}, 64, 64, new int[] {1}, new int[] {1}, true, null, 1, 1),
                k).tile());
        assertTrue(planned(new Case(new int[] {32}, 64, 64, new int[] {1}, new int[] {1}, true, null, 1, 1), k,
                JavaEngineOptions.Winograd.AUTO) instanceof ConvStep);
        assertTrue(planned(new Case(new int[] {256}, 32, 32, new int[] {1}, new int[] {1}, true, null, 1, 1), k,
                JavaEngineOptions.Winograd.AUTO) instanceof ConvStep);
        // 3D: F(2,3) on every axis from 48 channels and 6 outputs per axis
        assertEquals(2, winograd(new Case(new int[] {8, 8, 8}, 64, 64, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true,
                null, 1, 1), k).tile());
        assertTrue(planned(new Case(new int[] {4, 16, 16}, 64, 64, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true,
                null, 1, 1), k, JavaEngineOptions.Winograd.AUTO) instanceof ConvStep);
        // forced on, a narrow 3D convolution takes F(2,3) too
        assertTrue(planned(new Case(new int[] {4, 4, 4}, 3, 5, new int[] {1, 1, 1}, new int[] {1, 1, 1}, true, null,
                1, 1), k, JavaEngineOptions.Winograd.ALWAYS) instanceof WinogradConvStep);
    }

    @Test
    void engineOptionForcesBothWaysToTheSameNumbers() {
        for (Case c : List.of(new Case(new int[] {40}, 24, 20, new int[] {1}, new int[] {1}, true,
                ActivationKind.RELU, 2, 2), new Case(new int[] {6, 7, 5}, 12, 10, new int[] {1, 1, 1},
                        new int[] {1, 1, 1}, true, ActivationKind.TANH, 2, 2))) {
            Graph g = graph(c, false);
            Map<String, Tensor> inputs = Problems.inputs(g, new Random(5), c.batch);
            JavaEngineOptions o = new JavaEngineOptions(2);
            try (JavaEngine on = JavaEngine.create(g, o.withWinograd(JavaEngineOptions.Winograd.ALWAYS));
                    JavaEngine off = JavaEngine.create(g, o.withWinograd(JavaEngineOptions.Winograd.NEVER))) {
                Problems.assertClose(off.predict(inputs).get("out"), on.predict(inputs).get("out"),
                        "winograd rank " + c.rank());
            }
        }
    }

    private static WinogradConvStep winograd(Case c, KernelSet k) {
        return (WinogradConvStep) planned(c, k, JavaEngineOptions.Winograd.AUTO);
    }

    private static Step planned(Case c, KernelSet k, JavaEngineOptions.Winograd w) {
        Graph g = graph(c, true);
        return Planner.plan(g, g.nodes().get(0), k, w);
    }

    static Case generate(Random r, int rank) {
        while (true) {
            int[] size = new int[rank];
            int[] pb = new int[rank];
            int[] pe = new int[rank];
            for (int a = 0; a < rank; a++) {
                size[a] = 1 + r.nextInt(rank == 1 ? 40 : rank == 2 ? 20 : 9);
                pb[a] = r.nextInt(3);
                pe[a] = r.nextInt(3);
            }
            Case c = new Case(size, CHANNELS[r.nextInt(CHANNELS.length)], CHANNELS[r.nextInt(CHANNELS.length)], pb, pe,
                    r.nextBoolean(), r.nextBoolean() ? null
                            : ActivationKind.values()[r.nextInt(ActivationKind.values().length)],
                    1 + r.nextInt(3), 1 + r.nextInt(2));
            if (c.valid()) {
                return c;
            }
        }
    }

    /** The convolution of a case ({@code abs}: with |kernel| and |bias|, no activation). */
    static Graph graph(Case c, boolean abs) {
        int rank = c.rank();
        int[] kshape = new int[rank + 2];
        Arrays.fill(kshape, 3);
        kshape[rank] = c.cin;
        kshape[rank + 1] = c.cout;
        Random r = new Random(Arrays.hashCode(c.size) * 31 + c.cin * 7 + c.cout);
        Tensor k = Problems.random(r, kshape);
        float[] b = c.bias ? Problems.randomVector(r, c.cout) : null;
        if (abs) {
            k = Tensor.of(absolute(k.data()), k.shape());
            b = b == null ? null : absolute(b);
        }
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        Conv conv = new Conv(k, b, ones, ones, c.padsBegin, c.padsEnd, 1);
        int[] sample = Arrays.copyOf(c.size, rank + 1);
        sample[rank] = c.cin;
        GraphBuilder gb = new GraphBuilder();
        String v = gb.input("x0", Shape.batched(sample));
        v = gb.add("y", conv, v);
        if (!abs && c.act != null) {
            v = gb.add("act", new Activation(c.act, c.act == ActivationKind.ELU ? 0.7f : 0.3f), v);
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

    /** Largest error / bound of the last checked case. */
    private static double lastRatio;

    /** Null if the Winograd step on both kernel sets is within the bound, else what differs. */
    static String failure(Case c, int m) {
        if (!c.valid()) {
            return null;
        }
        int rank = c.rank();
        Graph g = graph(c, false);
        Map<String, Tensor> inputs = Problems.inputs(g, new Random(c.literal().hashCode()), c.batch);
        Tensor x = inputs.get("x0");
        float[] expected = Reference.run(g, inputs).get("out").data();
        float[] sums = Reference.run(graph(c, true), Map.of("x0", Tensor.of(absolute(x.data()), x.shape())))
                .get("out").data();
        Conv conv = (Conv) g.nodes().get(0).op();
        double amp = Math.pow(amplification(m), rank);
        int[] o = c.outSize();
        float[] tileSums = tileMax(sums, c.batch, o, c.cout, m);
        double ratio = 0;
        int[] ones = new int[rank];
        Arrays.fill(ones, 1);
        int[] k3 = new int[rank];
        Arrays.fill(k3, 3);
        for (KernelChoice kc : List.of(KernelChoice.PLAIN, KernelChoice.BEST)) {
            KernelSet ks = KernelSet.of(kc);
            Window win = new Window(c.size, k3, ones, null, c.padsBegin, o);
            WinogradConvStep step = new WinogradConvStep("y", conv, win, c.cin, ks, m);
            Act act = c.act == null ? null : new Act(c.act, c.act == ActivationKind.ELU ? 0.7f : 0.3f, ks);
            float[] out = new float[expected.length];
            Arrays.fill(out, Float.NaN);
            try (Parallel p = new Parallel(c.threads)) {
                step.run(new Exec(p, new Arena(MemoryBudget.defaults())), c.batch, new float[][] {x.data()}, out, act);
            }
            for (int i = 0; i < out.length; i++) {
                double bound = amp * (c.cin + 2 * rank * (m + 2)) * U * tileSums[i] + Float.MIN_NORMAL;
                double err = Math.abs((double) out[i] - expected[i]);
                if (!(err <= bound)) {
                    return ks.name() + ": output " + i + " expected " + expected[i] + " but was " + out[i] + " (bound "
                            + bound + ", sum of |products| " + sums[i] + ", largest in its tile " + tileSums[i] + ")";
                }
                ratio = Math.max(ratio, err / bound);
            }
        }
        lastRatio = ratio;
        return null;
    }

    /** Per output, the largest of {@code sums} over the outputs of its tile (same sample and channel). */
    static float[] tileMax(float[] sums, int batch, int[] outSize, int cout, int m) {
        int[] o = new int[3];
        Arrays.fill(o, 1);
        System.arraycopy(outSize, 0, o, 3 - outSize.length, outSize.length);
        int[] t = new int[3];
        Arrays.fill(t, 1);
        Arrays.fill(t, 3 - outSize.length, 3, m);
        float[] r = new float[sums.length];
        for (int b = 0; b < batch; b++) {
            for (int y0 = 0; y0 < o[0]; y0++) {
                for (int y1 = 0; y1 < o[1]; y1++) {
                    for (int y2 = 0; y2 < o[2]; y2++) {
                        for (int co = 0; co < cout; co++) {
                            float mx = 0;
                            for (int z0 = y0 / t[0] * t[0]; z0 < Math.min(o[0], y0 / t[0] * t[0] + t[0]); z0++) {
                                for (int z1 = y1 / t[1] * t[1]; z1 < Math.min(o[1], y1 / t[1] * t[1] + t[1]); z1++) {
                                    for (int z2 = y2 / t[2] * t[2]; z2 < Math.min(o[2], y2 / t[2] * t[2] + t[2]);
                                            z2++) {
                                        mx = Math.max(mx, sums[(((b * o[0] + z0) * o[1] + z1) * o[2] + z2) * cout + co]);
                                    }
                                }
                            }
                            r[(((b * o[0] + y0) * o[1] + y1) * o[2] + y2) * cout + co] = mx;
                        }
                    }
                }
            }
        }
        return r;
    }

    static Case shrink(Case c, int m) {
        boolean progress = true;
        for (int round = 0; progress && round < 100; round++) {
            progress = false;
            List<Case> s = new ArrayList<>(List.of(
                    new Case(c.size, c.cin, c.cout, c.padsBegin, c.padsEnd, c.bias, c.act, 1, c.threads),
                    new Case(c.size, c.cin, c.cout, c.padsBegin, c.padsEnd, c.bias, c.act, c.batch, 1),
                    new Case(c.size, c.cin, c.cout, c.padsBegin, c.padsEnd, c.bias, null, c.batch, c.threads),
                    new Case(c.size, c.cin, c.cout, c.padsBegin, c.padsEnd, false, c.act, c.batch, c.threads),
                    new Case(c.size, Math.max(1, c.cin / 2), c.cout, c.padsBegin, c.padsEnd, c.bias, c.act, c.batch,
                            c.threads),
                    new Case(c.size, c.cin, Math.max(1, c.cout / 2), c.padsBegin, c.padsEnd, c.bias, c.act, c.batch,
                            c.threads),
                    new Case(c.size, c.cin, c.cout, new int[c.rank()], c.padsEnd, c.bias, c.act, c.batch, c.threads),
                    new Case(c.size, c.cin, c.cout, c.padsBegin, new int[c.rank()], c.bias, c.act, c.batch,
                            c.threads)));
            for (int a = 0; a < c.rank(); a++) {
                int[] smaller = c.size.clone();
                smaller[a] = Math.max(1, smaller[a] - 1);
                s.add(new Case(smaller, c.cin, c.cout, c.padsBegin, c.padsEnd, c.bias, c.act, c.batch, c.threads));
            }
            for (Case t : s) {
                if (!t.literal().equals(c.literal()) && t.valid() && failure(t, m) != null) {
                    c = t;
                    progress = true;
                    break;
                }
            }
        }
        return c;
    }
}
