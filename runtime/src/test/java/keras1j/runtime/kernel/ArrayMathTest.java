package keras1j.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every available implementation of the vectorized exp, sigmoid and tanh against {@link Math} in double precision. */
class ArrayMathTest {

    static List<Named<MathKernel>> kernels() {
        List<Named<MathKernel>> k = new ArrayList<>();
        k.add(Named.of("plain", Kernels.plainMath()));
        Kernels.vectorMathOnAnyJdk().ifPresent(v -> k.add(Named.of("vector", v)));
        return k;
    }

    /** Every kernel with every row of {@code rows}. */
    private static Stream<Arguments> each(Object[]... rows) {
        List<Arguments> a = new ArrayList<>();
        for (Named<MathKernel> k : kernels()) {
            for (Object[] row : rows) {
                Object[] args = new Object[row.length + 1];
                args[0] = k;
                System.arraycopy(row, 0, args, 1, row.length);
                a.add(Arguments.of(args));
            }
        }
        return a.stream();
    }

    static Stream<Arguments> expRanges() {
        return each(new Object[] {-87.0, 88.0}, new Object[] {-1.0, 1.0}, new Object[] {-0.001, 0.001},
                new Object[] {80.0, 88.7}, new Object[] {-87.3, -80.0});
    }

    static Stream<Arguments> expSpecials() {
        float inf = Float.POSITIVE_INFINITY;
        return each(new Object[] {0f, 1f}, new Object[] {-0f, 1f}, new Object[] {1e-30f, 1f},
                new Object[] {-inf, 0f}, new Object[] {-110f, 0f}, new Object[] {-104f, 0f}, new Object[] {inf, inf},
                new Object[] {89f, inf}, new Object[] {88.8f, inf}, new Object[] {Float.NaN, Float.NaN});
    }

    static Stream<Arguments> sigmoidRanges() {
        return each(new Object[] {-20.0, 20.0}, new Object[] {-87.0, -15.0}, new Object[] {-1.0, 1.0},
                new Object[] {15.0, 90.0});
    }

    static Stream<Arguments> sigmoidSpecials() {
        float inf = Float.POSITIVE_INFINITY;
        return each(new Object[] {0f, 0.5f}, new Object[] {inf, 1f}, new Object[] {-inf, 0f},
                new Object[] {-120f, 0f}, new Object[] {100f, 1f}, new Object[] {Float.NaN, Float.NaN});
    }

    static Stream<Arguments> tanhRanges() {
        return each(new Object[] {-12.0, 12.0}, new Object[] {-1e-3, 1e-3}, new Object[] {-1.0, 1.0},
                new Object[] {3.0, 9.5});
    }

    static Stream<Arguments> functions() {
        return each(new Object[] {"exp"}, new Object[] {"sigmoid"}, new Object[] {"tanh"});
    }

    static List<Named<MathKernel>> kernelList() {
        return kernels();
    }

    @Test
    void facadeUsesTheVectorKernelWhenTheSgemmDoes() {
        assertEquals(Kernels.vectorSgemm().isPresent(), Kernels.vectorMath().isPresent());
        assertEquals(Kernels.vectorSgemm().isPresent(), ArrayMath.anyOffsets());
        assertTrue(Kernels.math() == Kernels.vectorMath().orElse(Kernels.plainMath()));
        assertTrue(Kernels.description().startsWith(Kernels.sgemm().name()), Kernels.description());
    }

    /** {@code n} values uniform in {@code [lo, hi)}. */
    private static float[] uniform(long seed, int n, double lo, double hi) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + r.nextDouble() * (hi - lo));
        }
        return x;
    }

    /** Error of {@code actual} in units of the last place of the float nearest to {@code exact}. */
    private static double ulps(float actual, double exact) {
        return Math.abs(actual - exact) / Math.ulp((float) exact);
    }

    @ParameterizedTest(name = "{0} [{1}, {2})")
    @MethodSource("expRanges")
    void expIsWithinOneUlp(MathKernel math, double lo, double hi) {
        float[] x = uniform(1, 20000, lo, hi);
        float[] y = new float[x.length];
        math.exp(x, y, 0, x.length, 0f);
        for (int i = 0; i < x.length; i++) {
            assertTrue(ulps(y[i], Math.exp(x[i])) <= 1, "exp(" + x[i] + ") = " + y[i] + ", exact " + Math.exp(x[i]));
        }
    }

    @ParameterizedTest
    @MethodSource("kernelList")
    void expReturnsTheSumAndSubtractsTheShift(MathKernel math) {
        float[] x = uniform(2, 1500, -5, 5);
        float[] y = new float[x.length];
        double sum = math.exp(x, y, 0, x.length, 3f);
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(x[i] - 3f); // the shift is subtracted in float
            assertTrue(ulps(y[i], e) <= 1, "at " + i);
            expected += y[i];
        }
        assertEquals(expected, sum, 1e-6 * expected);
    }

    @ParameterizedTest(name = "{0} exp({1}) = {2}")
    @MethodSource("expSpecials")
    void expSpecialValues(MathKernel math, float x, float expected) {
        float[] y = new float[1];
        math.exp(new float[] {x}, y, 0, 1, 0f);
        assertEquals(expected, y[0]);
    }

    @ParameterizedTest
    @MethodSource("kernelList")
    void expUnderflowsGraduallyThroughSubnormals(MathKernel math) {
        float[] x = {-88f, -90f, -95f, -100f, -103f};
        float[] y = new float[x.length];
        math.exp(x, y, 0, x.length, 0f);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(x[i]);
            assertTrue(y[i] > 0 && Math.abs(y[i] - exact) <= 2 * Math.ulp((float) exact),
                    "exp(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @ParameterizedTest(name = "{0} [{1}, {2})")
    @MethodSource("sigmoidRanges")
    void sigmoidIsWithinThreeUlpsEvenForTinyProbabilities(MathKernel math, double lo, double hi) {
        float[] x = uniform(3, 20000, lo, hi);
        float[] y = new float[x.length];
        math.sigmoid(x, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double exact = 1 / (1 + Math.exp(-x[i]));
            assertTrue(ulps(y[i], exact) <= 3, "sigmoid(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @ParameterizedTest(name = "{0} sigmoid({1}) = {2}")
    @MethodSource("sigmoidSpecials")
    void sigmoidSpecialValues(MathKernel math, float x, float expected) {
        float[] y = new float[1];
        math.sigmoid(new float[] {x}, y, 0, 1);
        assertEquals(expected, y[0]);
    }

    @ParameterizedTest(name = "{0} [{1}, {2})")
    @MethodSource("tanhRanges")
    void tanhIsWithinOneMillionthRelative(MathKernel math, double lo, double hi) {
        float[] x = uniform(4, 20000, lo, hi);
        float[] y = new float[x.length];
        math.tanh(x, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.tanh(x[i]);
            assertTrue(Math.abs(y[i] - exact) <= 1e-6 * Math.abs(exact) && Math.abs(y[i] - exact) <= 4e-7,
                    "tanh(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @ParameterizedTest
    @MethodSource("kernelList")
    void tanhIsOddAndKeepsTinyArguments(MathKernel math) {
        float[] x = {0f, -0f, 1e-30f, -1e-20f, 2.5f, -2.5f, 40f, -40f};
        float[] y = new float[x.length];
        math.tanh(x, y, 0, x.length);
        assertEquals(0f, y[0]);
        assertEquals(-0f, y[1]);
        assertEquals(1e-30f, y[2]);
        assertEquals(-1e-20f, y[3]);
        assertEquals(-y[4], y[5]);
        assertEquals(1f, y[6], 2e-7f);
        assertEquals(-1f, y[7], 2e-7f);
    }

    @ParameterizedTest
    @MethodSource("kernelList")
    void tanhOfNanIsNan(MathKernel math) {
        float[] y = new float[1];
        math.tanh(new float[] {Float.NaN}, y, 0, 1);
        assertTrue(Float.isNaN(y[0]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("functions")
    void worksInPlaceOnASubRangeAcrossChunks(MathKernel math, String function) {
        float[] x = uniform(5, 1300, -4, 4);
        float[] y = x.clone();
        int from = 7;
        int to = 1290;
        switch (function) {
            case "exp" -> math.exp(y, y, from, to, 0f);
            case "sigmoid" -> math.sigmoid(y, y, from, to);
            default -> math.tanh(y, y, from, to);
        }
        for (int i = 0; i < x.length; i++) {
            if (i < from || i >= to) {
                assertEquals(x[i], y[i], "outside the range at " + i);
            } else {
                double exact = switch (function) {
                    case "exp" -> Math.exp(x[i]);
                    case "sigmoid" -> 1 / (1 + Math.exp(-x[i]));
                    default -> Math.tanh(x[i]);
                };
                assertEquals(exact, y[i], 1e-6 * Math.max(1, Math.abs(exact)), "at " + i);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("functions")
    void everyKernelGivesTheSameValues(MathKernel math, String function) {
        float[] x = uniform(6, 999, -30, 30);
        float[] expected = new float[x.length];
        float[] actual = new float[x.length];
        MathKernel plain = Kernels.plainMath();
        switch (function) {
            case "exp" -> {
                plain.exp(x, expected, 0, x.length, 0.5f);
                math.exp(x, actual, 0, x.length, 0.5f);
            }
            case "sigmoid" -> {
                plain.sigmoid(x, expected, 0, x.length);
                math.sigmoid(x, actual, 0, x.length);
            }
            default -> {
                plain.tanh(x, expected, 0, x.length);
                math.tanh(x, actual, 0, x.length);
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    static Stream<Arguments> tapShapes() {
        return each(new Object[] {7, 13, 3, 13}, new Object[] {8, 16, 9, 48}, new Object[] {1, 5, 2, 0},
                new Object[] {5, 32, 0, 32});
    }

    @ParameterizedTest(name = "{0} positions={1} channels={2} taps={3} xStride={4}")
    @MethodSource("tapShapes")
    void multiplyAddTapsSumsEveryTapPerPositionAndChannel(MathKernel math, int positions, int channels, int taps,
            int xStride) {
        Random r = new Random(positions * 31 + channels);
        float[] x = uniform(7, 2000, -1, 1);
        float[] w = uniform(8, 600, -1, 1);
        float[] acc = uniform(9, 5 + positions * channels + 3, -1, 1);
        int[] xOffsets = new int[taps];
        int[] wOffsets = new int[taps];
        for (int t = 0; t < taps; t++) {
            xOffsets[t] = r.nextInt(300);
            wOffsets[t] = r.nextInt(500);
        }
        float[] expected = acc.clone();
        for (int p = 0; p < positions; p++) {
            for (int c = 0; c < channels; c++) {
                double s = acc[5 + p * channels + c];
                for (int t = 0; t < taps; t++) {
                    s += (double) x[xOffsets[t] + p * xStride + c] * w[wOffsets[t] + c];
                }
                expected[5 + p * channels + c] = (float) s;
            }
        }
        math.multiplyAddTaps(acc, 5, positions, channels, x, xOffsets, xStride, w, wOffsets, taps);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(expected[i], acc[i], 1e-5, "at " + i);
        }
    }

    static Stream<Arguments> shiftedSumProblems() {
        // positions (vector tails), outputs (groups of four and the rest), shifted inputs
        return each(new Object[] {1, 1, 1}, new Object[] {37, 4, 9}, new Object[] {100, 7, 36},
                new Object[] {16, 16, 5}, new Object[] {5, 3, 2});
    }

    @ParameterizedTest(name = "{0} n={1} outs={2} taps={3}")
    @MethodSource("shiftedSumProblems")
    void shiftedSumsMatchNaiveLoop(MathKernel k, int n, int outs, int taps) {
        java.util.Random r = new java.util.Random(n * 31 + outs * 7 + taps);
        float[] x = new float[n + 300];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() * 2 - 1;
        }
        int[] offsets = new int[taps];
        for (int t = 0; t < taps; t++) {
            offsets[t] = r.nextInt(300);
        }
        float[] w = new float[taps * outs];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextFloat() * 2 - 1;
        }
        for (float[] init : new float[][] {null, w.clone()}) {
            float[] out = new float[outs * n + 3];
            out[outs * n] = 42f;
            k.shiftedSums(out, n, outs, init, x, offsets, w);
            for (int o = 0; o < outs; o++) {
                for (int i = 0; i < n; i++) {
                    double e = init == null ? 0 : init[o];
                    for (int t = 0; t < taps; t++) {
                        e += (double) w[t * outs + o] * x[offsets[t] + i];
                    }
                    assertEquals(e, out[o * n + i], 1e-5, "output " + o + ", position " + i);
                }
            }
            assertEquals(42f, out[outs * n], "wrote past the outputs");
        }
        float[] acc = new float[n + 2];
        float[] expected = acc.clone();
        for (int i = 0; i < n; i++) {
            expected[i + 1] = 0.5f * x[7 + i];
        }
        k.axpy(acc, 1, 0.5f, x, 7, n);
        for (int i = 0; i < acc.length; i++) {
            assertEquals(expected[i], acc[i], 1e-7, "axpy at " + i);
        }
    }

    static Stream<Arguments> combineProblems() {
        // vector length with and without tails, every term count the Winograd transforms use (and more)
        return each(new Object[] {64, 0}, new Object[] {64, 1}, new Object[] {37, 3}, new Object[] {16, 4},
                new Object[] {70, 5}, new Object[] {5, 6}, new Object[] {33, 8});
    }

    @ParameterizedTest(name = "{0} len={1} terms={2}")
    @MethodSource("combineProblems")
    void combineMatchesNaiveLoop(MathKernel k, int len, int terms) {
        java.util.Random r = new java.util.Random(len * 13 + terms);
        float[] src = signed(r, len + 400);
        int[] off = new int[terms];
        float[] coef = new float[terms];
        for (int q = 0; q < terms; q++) {
            off[q] = r.nextInt(400);
            coef[q] = r.nextInt(9) - 4;
        }
        float[] init = new float[len + 5];
        for (int i = 0; i < init.length; i++) {
            init[i] = r.nextFloat();
        }
        for (float[] in : new float[][] {null, init}) {
            float[] dst = new float[len + 4];
            java.util.Arrays.fill(dst, Float.NaN);
            dst[len + 3] = 42f;
            dst[0] = 42f;
            k.combine(dst, 1, 0, 1, len, src, off, 0, coef, terms, in, 2);
            assertEquals(42f, dst[0], "wrote before the range");
            for (int c = 0; c < len; c++) {
                double e = in == null ? 0 : in[2 + c];
                for (int q = 0; q < terms; q++) {
                    e += (double) coef[q] * src[off[q] + c];
                }
                assertEquals(e, dst[1 + c], 1e-5, "value " + c);
            }
            assertEquals(42f, dst[len + 3], "wrote past the range");
        }
    }

    @ParameterizedTest(name = "{0} len={1} terms={2}")
    @MethodSource("combineProblems")
    void combineOverALineOfPositionsMatchesOneCallPerPosition(MathKernel k, int len, int terms) {
        java.util.Random r = new java.util.Random(len * 31 + terms);
        int count = 6;
        int sStride = len + 3;
        int dStride = len + 5;
        float[] src = signed(r, count * sStride + 400);
        int[] off = new int[terms];
        float[] coef = new float[terms];
        for (int q = 0; q < terms; q++) {
            off[q] = r.nextInt(400);
            coef[q] = r.nextInt(9) - 4;
        }
        float[] init = signed(r, len + 2);
        for (float[] in : new float[][] {null, init}) {
            float[] line = new float[2 + count * dStride];
            float[] single = new float[line.length];
            java.util.Arrays.fill(line, 42f);
            java.util.Arrays.fill(single, 42f);
            k.combine(line, 2, dStride, count, len, src, off, sStride, coef, terms, in, 1);
            int[] shifted = new int[terms];
            for (int p = 0; p < count; p++) {
                for (int q = 0; q < terms; q++) {
                    shifted[q] = off[q] + p * sStride;
                }
                k.combine(single, 2 + p * dStride, 0, 1, len, src, shifted, 0, coef, terms, in, 1);
            }
            org.junit.jupiter.api.Assertions.assertArrayEquals(single, line, "count " + count + " init " + (in != null));
        }
    }

    static Stream<Arguments> reduceProblems() {
        // channel counts with and without vector tails; one term, a 3x3 window, a 7x7 window
        return each(new Object[] {64, 1}, new Object[] {64, 9}, new Object[] {37, 9}, new Object[] {5, 4},
                new Object[] {70, 49});
    }

    @ParameterizedTest(name = "{0} n={1} terms={2}")
    @MethodSource("reduceProblems")
    void reduceMatchesMathMaxAndOrderedSums(MathKernel k, int n, int terms) {
        java.util.Random r = new java.util.Random(n * 7 + terms);
        float[] src = signed(r, n + 600);
        // a NaN wins a max; -0 against +0 gives +0, as Math.max does
        src[3] = Float.NaN;
        src[10] = -0f;
        int[] off = new int[terms];
        for (int q = 0; q < terms; q++) {
            off[q] = r.nextInt(600);
        }
        off[0] = 3;
        if (terms > 1) {
            off[1] = 10;
        }
        for (boolean max : new boolean[] {true, false}) {
            float[] dst = new float[n + 2];
            dst[0] = 42f;
            dst[n + 1] = 42f;
            k.reduce(max, src, off, terms, dst, 1, n);
            assertEquals(42f, dst[0], "wrote before the range");
            assertEquals(42f, dst[n + 1], "wrote past the range");
            for (int j = 0; j < n; j++) {
                float e = src[off[0] + j];
                for (int q = 1; q < terms; q++) {
                    e = max ? Math.max(e, src[off[q] + j]) : e + src[off[q] + j];
                }
                assertEquals(e, dst[1 + j], (max ? "max " : "sum ") + j);
            }
        }
    }

    /** {@code n} values uniform in [-1, 1). */
    private static float[] signed(java.util.Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }
}
