package keras1j.bench.synthetic;

import java.util.Arrays;

/**
 * One weight a synthetic layer saves: its Keras role (the suffix of the saved name, e.g. {@code W},
 * {@code b}, {@code running_std}), its saved shape, and the uniform range its random values are drawn
 * from. Immutable.
 *
 * @param role  Keras weight role
 * @param shape saved shape (Keras layout)
 * @param low   lower bound of the values (inclusive)
 * @param high  upper bound of the values (exclusive), {@code > low}
 */
public record WeightSpec(String role, int[] shape, double low, double high) {

    public WeightSpec {
        shape = shape.clone();
        if (!(high > low)) {
            throw new IllegalArgumentException("weight '" + role + "': empty range [" + low + ", " + high + ")");
        }
    }

    /** Keras' {@code glorot_uniform}: {@code U(-l, l)} with {@code l = sqrt(6 / (fanIn + fanOut))}. */
    public static WeightSpec glorot(String role, int[] shape, long fanIn, long fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        return new WeightSpec(role, shape, -limit, limit);
    }

    /** A vector of {@code n} values in {@code [low, high)}. */
    public static WeightSpec vector(String role, int n, double low, double high) {
        return new WeightSpec(role, new int[] {n}, low, high);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public long size() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WeightSpec w && role.equals(w.role) && Arrays.equals(shape, w.shape) && low == w.low
                && high == w.high;
    }

    @Override
    public int hashCode() {
        return role.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return role + Arrays.toString(shape);
    }
}
