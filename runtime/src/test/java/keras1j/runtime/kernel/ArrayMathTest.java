package keras1j.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vectorizable exp, sigmoid and tanh against {@link Math} in double precision. */
class ArrayMathTest {

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

    @ParameterizedTest(name = "[{0}, {1})")
    @CsvSource({"-87, 88", "-1, 1", "-0.001, 0.001", "80, 88.7", "-87.3, -80"})
    void expIsWithinOneUlp(double lo, double hi) {
        float[] x = uniform(1, 20000, lo, hi);
        float[] y = new float[x.length];
        ArrayMath.exp(x, y, 0, x.length, 0f);
        for (int i = 0; i < x.length; i++) {
            assertTrue(ulps(y[i], Math.exp(x[i])) <= 1, "exp(" + x[i] + ") = " + y[i] + ", exact " + Math.exp(x[i]));
        }
    }

    @Test
    void expReturnsTheSumAndSubtractsTheShift() {
        float[] x = uniform(2, 1500, -5, 5);
        float[] y = new float[x.length];
        double sum = ArrayMath.exp(x, y, 0, x.length, 3f);
        double expected = 0;
        for (int i = 0; i < x.length; i++) {
            double e = Math.exp(x[i] - 3f); // the shift is subtracted in float
            assertTrue(ulps(y[i], e) <= 1, "at " + i);
            expected += y[i];
        }
        assertEquals(expected, sum, 1e-9 * expected);
    }

    @ParameterizedTest(name = "exp({0}) = {1}")
    @CsvSource({"0, 1", "-0, 1", "1e-30, 1", "-Infinity, 0", "-110, 0", "-104, 0", "Infinity, Infinity",
        "89, Infinity", "88.8, Infinity", "NaN, NaN"})
    void expSpecialValues(float x, float expected) {
        float[] y = new float[1];
        ArrayMath.exp(new float[] {x}, y, 0, 1, 0f);
        assertEquals(expected, y[0]);
    }

    @Test
    void expUnderflowsGraduallyThroughSubnormals() {
        float[] x = {-88f, -90f, -95f, -100f, -103f};
        float[] y = new float[x.length];
        ArrayMath.exp(x, y, 0, x.length, 0f);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.exp(x[i]);
            assertTrue(y[i] > 0 && Math.abs(y[i] - exact) <= 2 * Math.ulp((float) exact),
                    "exp(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @ParameterizedTest(name = "[{0}, {1})")
    @CsvSource({"-20, 20", "-87, -15", "-1, 1", "15, 90"})
    void sigmoidIsWithinThreeUlpsEvenForTinyProbabilities(double lo, double hi) {
        float[] x = uniform(3, 20000, lo, hi);
        float[] y = new float[x.length];
        ArrayMath.sigmoid(x, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double exact = 1 / (1 + Math.exp(-x[i]));
            assertTrue(ulps(y[i], exact) <= 3, "sigmoid(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @ParameterizedTest(name = "sigmoid({0}) = {1}")
    @CsvSource({"0, 0.5", "Infinity, 1", "-Infinity, 0", "-120, 0", "100, 1", "NaN, NaN"})
    void sigmoidSpecialValues(float x, float expected) {
        float[] y = new float[1];
        ArrayMath.sigmoid(new float[] {x}, y, 0, 1);
        assertEquals(expected, y[0]);
    }

    @ParameterizedTest(name = "[{0}, {1})")
    @CsvSource({"-12, 12", "-1e-3, 1e-3", "-1, 1", "3, 9.5"})
    void tanhIsWithinOneMillionthRelative(double lo, double hi) {
        float[] x = uniform(4, 20000, lo, hi);
        float[] y = new float[x.length];
        ArrayMath.tanh(x, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double exact = Math.tanh(x[i]);
            assertTrue(Math.abs(y[i] - exact) <= 1e-6 * Math.abs(exact) && Math.abs(y[i] - exact) <= 4e-7,
                    "tanh(" + x[i] + ") = " + y[i] + ", exact " + exact);
        }
    }

    @Test
    void tanhIsOddAndKeepsTinyArguments() {
        float[] x = {0f, -0f, 1e-30f, -1e-20f, 2.5f, -2.5f, 40f, -40f};
        float[] y = new float[x.length];
        ArrayMath.tanh(x, y, 0, x.length);
        assertEquals(0f, y[0]);
        assertEquals(-0f, y[1]);
        assertEquals(1e-30f, y[2]);
        assertEquals(-1e-20f, y[3]);
        assertEquals(-y[4], y[5]);
        assertEquals(1f, y[6], 2e-7f);
        assertEquals(-1f, y[7], 2e-7f);
    }

    @Test
    void tanhOfNanIsNan() {
        float[] y = new float[1];
        ArrayMath.tanh(new float[] {Float.NaN}, y, 0, 1);
        assertTrue(Float.isNaN(y[0]));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"exp", "sigmoid", "tanh"})
    void worksInPlaceOnASubRangeAcrossChunks(String function) {
        float[] x = uniform(5, 1300, -4, 4);
        float[] y = x.clone();
        int from = 7;
        int to = 1290;
        switch (function) {
            case "exp" -> ArrayMath.exp(y, y, from, to, 0f);
            case "sigmoid" -> ArrayMath.sigmoid(y, y, from, to);
            default -> ArrayMath.tanh(y, y, from, to);
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
}
