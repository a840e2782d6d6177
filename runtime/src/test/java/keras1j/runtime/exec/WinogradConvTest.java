package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.tensor.Tensor;

/**
 * The planner's choice of {@link WinogradConvStep} for 2D convolutions (by option, by speed, within the
 * memory budget) and the 2D amplification of the rounding; the error bound itself is tested on every
 * rank by {@link WinogradNdTest}.
 */
class WinogradConvTest {
    /** One problem: input {@code h x w x cin}, pads, output channels, bias, activation, batch, threads. */
    record Case(int h, int w, int cin, int cout, int[] padsBegin, int[] padsEnd, boolean bias, ActivationKind act,
            int batch, int threads) {

    }

    @Test
    void plannerChoosesWinogradByOption() {
        Case c = new Case(28, 28, 64, 64, new int[] {1, 1}, new int[] {1, 1}, true, null, 1, 1);
        Graph g = graph(c);
        Node conv = g.nodes().get(0);
        KernelSet k = KernelSet.of(KernelChoice.BEST);
        assertEquals(4, ((WinogradConvStep) Planner.plan(g, conv, k, JavaEngineOptions.Winograd.AUTO)).tile());
        assertTrue(Planner.plan(g, conv, k, JavaEngineOptions.Winograd.ALWAYS) instanceof WinogradConvStep);
        assertTrue(Planner.plan(g, conv, k, JavaEngineOptions.Winograd.NEVER) instanceof ConvStep);
        Case few = new Case(16, 16, 3, 64, new int[] {1, 1}, new int[] {1, 1}, true, null, 1, 1);
        Graph gf = graph(few);
        assertTrue(Planner.plan(gf, gf.nodes().get(0), k, JavaEngineOptions.Winograd.AUTO) instanceof ConvStep);
        WinogradConvStep forced = (WinogradConvStep) Planner.plan(gf, gf.nodes().get(0), k,
                JavaEngineOptions.Winograd.ALWAYS);
        assertEquals(2, forced.tile());
        Case small = new Case(14, 14, 64, 64, new int[] {1, 1}, new int[] {1, 1}, true, null, 1, 1);
        Graph gs = graph(small);
        assertEquals(2, ((WinogradConvStep) Planner.plan(gs, gs.nodes().get(0), k, JavaEngineOptions.Winograd.AUTO))
                .tile());
        Case tiny = new Case(7, 7, 512, 64, new int[] {1, 1}, new int[] {1, 1}, true, null, 1, 1);
        Graph gt = graph(tiny);
        assertTrue(Planner.plan(gt, gt.nodes().get(0), k, JavaEngineOptions.Winograd.AUTO) instanceof ConvStep);
    }

    /** AUTO takes the fastest transform whose kernel fits what the memory budget has left, else the direct step. */
    @Test
    void plannerFitsTheTransformInTheBudgetLeft() {
        Case c = new Case(28, 28, 64, 64, new int[] {1, 1}, new int[] {1, 1}, true, null, 1, 1);
        Graph g = graph(c);
        Node conv = g.nodes().get(0);
        KernelSet k = KernelSet.of(KernelChoice.BEST);
        long read = 4L * 9 * 64 * 64;
        assertEquals(4L * 36 * 64 * 64, WinogradConvStep.kernelBytes(4, 2, 64, 64));
        long f4 = WinogradConvStep.kernelBytes(4, 2, 64, 64) + read;
        long f2 = WinogradConvStep.kernelBytes(2, 2, 64, 64) + read;
        Window w = new Window(new int[] {28, 28}, new int[] {3, 3}, new int[] {1, 1}, null, new int[] {1, 1},
                new int[] {28, 28});
        assertEquals(4, WinogradConvStep.tileWithin(w, 64, 64, f4));
        assertEquals(2, WinogradConvStep.tileWithin(w, 64, 64, f4 - 1));
        assertEquals(0, WinogradConvStep.tileWithin(w, 64, 64, f2 - 1));
        java.util.function.LongFunction<Step> planIn = bytes -> keras1j.runtime.memory.MemoryBudget.ofBytes(bytes)
                .run("plan", () -> Planner.plan(g, conv, k, JavaEngineOptions.Winograd.AUTO));
        assertEquals(4, ((WinogradConvStep) planIn.apply(f4 + 1000)).tile());
        assertEquals(2, ((WinogradConvStep) planIn.apply(f4 - 1000)).tile());
        assertTrue(planIn.apply(f2 - 1000) instanceof ConvStep);
        // forced on, the tile does not depend on memory
        assertEquals(4, ((WinogradConvStep) keras1j.runtime.memory.MemoryBudget.ofBytes(f4).run("plan",
                () -> Planner.plan(g, conv, k, JavaEngineOptions.Winograd.ALWAYS))).tile());
    }

    /**
     * A whole engine whose budget holds the kernel and its F(2x2) transform but not F(4x4)'s compiles
     * (the planner falls back instead of failing, as it did when F(4x4) was taken regardless).
     */
    @Test
    void engineCompilesInABudgetTooSmallForTheFastestTransform() {
        Case c = new Case(24, 24, 48, 64, new int[] {1, 1}, new int[] {1, 1}, true, ActivationKind.RELU, 1, 1);
        Graph g = graph(c);
        long kernel = 4L * 9 * 48 * 64;
        long budget = kernel + WinogradConvStep.kernelBytes(2, 2, 48, 64) + 4096;
        assertTrue(budget < kernel + WinogradConvStep.kernelBytes(4, 2, 48, 64));
        JavaEngineOptions tight = new JavaEngineOptions(1).withMemoryBudget(
                keras1j.runtime.memory.MemoryBudget.ofBytes(budget));
        JavaEngine.create(g, tight).close();
        // forced on, F(4x4) does not fit
        org.junit.jupiter.api.Assertions.assertThrows(keras1j.errors.ResourceLimitException.class,
                () -> JavaEngine.create(g, tight.withWinograd(JavaEngineOptions.Winograd.ALWAYS)));
    }

    @Test
    void engineOptionForcesBothWaysToTheSameNumbers() {
        Case c = new Case(12, 10, 32, 40, new int[] {1, 1}, new int[] {1, 1}, true, ActivationKind.RELU, 2, 2);
        Graph g = graph(c);
        Map<String, Tensor> inputs = Problems.inputs(g, new Random(5), c.batch);
        JavaEngineOptions o = new JavaEngineOptions(2);
        try (JavaEngine on = JavaEngine.create(g, o.withWinograd(JavaEngineOptions.Winograd.ALWAYS));
                JavaEngine off = JavaEngine.create(g, o.withWinograd(JavaEngineOptions.Winograd.NEVER))) {
            Problems.assertClose(off.predict(inputs).get("out"), on.predict(inputs).get("out"), "winograd");
        }
    }

    /** The convolution of a case (and its activation), as {@link WinogradNdTest} builds it. */
    static Graph graph(Case c) {
        return WinogradNdTest.graph(new WinogradNdTest.Case(new int[] {c.h, c.w}, c.cin, c.cout, c.padsBegin,
                c.padsEnd, c.bias, c.act, c.batch, c.threads), false);
    }

    /**
     * {@code amp(m) = max_ij sum_{pq,rs} sum_{kl} |A^T_ik A^T_jl G_kp G_lq B^T_kr B^T_ls| / 9} of F(m x m, 3x3):
     * the transforms' terms taken in magnitude, before they cancel (see {@link WinogradNdTest}).
     */
    static double amplification(int m) {
        double[][] t = WinogradConvStep.transforms(m);
        double[] bt = t[0];
        double[] g = t[1];
        double[] at = t[2];
        int a = m + 2;
        double worst = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double sum = 0;
                for (int p = 0; p < 3; p++) {
                    for (int q = 0; q < 3; q++) {
                        for (int rr = 0; rr < a; rr++) {
                            for (int s = 0; s < a; s++) {
                                double c = 0;
                                for (int k = 0; k < a; k++) {
                                    for (int l = 0; l < a; l++) {
                                        c += Math.abs(at[i * a + k] * at[j * a + l] * g[k * 3 + p] * g[l * 3 + q]
                                                * bt[k * a + rr] * bt[l * a + s]);
                                    }
                                }
                                sum += c;
                            }
                        }
                    }
                }
                worst = Math.max(worst, sum / 9);
            }
        }
        return worst;
    }
}
