package keras1j.verify;

import java.util.Arrays;

import keras1j.runtime.tensor.Tensor;

/**
 * The comparison of one actual tensor with its reference: passes when
 * {@code |actual - expected| <= atol + rtol * |expected|} everywhere (the fixtures' rule) and the
 * shapes agree. Records the worst element (largest excess over the tolerance) for messages.
 *
 * @param name        what was compared (output or layer name)
 * @param shape       the expected shape
 * @param passed      whether every element is within tolerance and the shapes agree
 * @param maxAbsDiff  the largest {@code |actual - expected|} (NaN when the shapes differ or a value is NaN)
 * @param worstIndex  index of the worst element (empty when the shapes differ)
 * @param actual      actual value at {@code worstIndex}
 * @param expected    expected value at {@code worstIndex}
 * @param shapeError  a description of a shape mismatch, or null
 */
public record Comparison(String name, int[] shape, boolean passed, double maxAbsDiff, int[] worstIndex,
        float actual, float expected, String shapeError) {

    /** Compares {@code actual} with {@code expected} under the given tolerances. */
    public static Comparison of(String name, Tensor actual, Tensor expected, double rtol, double atol) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return new Comparison(name, expected.shape(), false, Double.NaN, new int[0], Float.NaN, Float.NaN,
                    "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape()));
        }
        float[] a = actual.data();
        float[] e = expected.data();
        double maxDiff = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        int worst = 0;
        boolean ok = true;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs((double) a[i] - (double) e[i]);
            double excess = diff - (atol + rtol * Math.abs((double) e[i]));
            if (Double.isNaN(diff)) {
                diff = Double.POSITIVE_INFINITY;
                excess = Double.POSITIVE_INFINITY;
            }
            if (!(excess <= 0)) {
                ok = false;
            }
            maxDiff = Math.max(maxDiff, diff);
            if (excess > worstExcess) {
                worstExcess = excess;
                worst = i;
            }
        }
        int[] idx = a.length == 0 ? new int[0] : Tensor.unflatten(worst, expected.shape());
        return new Comparison(name, expected.shape(), ok, maxDiff, idx, a.length == 0 ? Float.NaN : a[worst],
                e.length == 0 ? Float.NaN : e[worst], null);
    }

    /** One line: name, shape, max |diff|, and PASS or FAIL with the worst element. */
    public String describe() {
        StringBuilder sb = new StringBuilder(name).append(' ').append(Arrays.toString(shape));
        if (shapeError != null) {
            return sb.append(" FAIL ").append(shapeError).toString();
        }
        sb.append(String.format(" max|diff|=%.3g ", maxAbsDiff)).append(passed ? "PASS" : "FAIL");
        if (!passed) {
            sb.append(" at ").append(Arrays.toString(worstIndex)).append(": actual ").append(actual)
                    .append(", expected ").append(expected);
        }
        return sb.toString();
    }
}
