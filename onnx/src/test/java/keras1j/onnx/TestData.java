package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import keras1j.runtime.tensor.Tensor;

/** Seeded random tensors and the float32 comparison used by the tests. */
final class TestData {
    /**
     * Tolerance between ONNX Runtime and the double-precision reference: float32 accumulation in a
     * different order (re-association) over up to a few hundred products of values in [-1, 1].
     */
    static final double RTOL = 1e-4;
    static final double ATOL = 1e-5;

    private TestData() {
    }

    /** Uniform values in [-1, 1) from {@code seed}. */
    static Tensor random(long seed, int... shape) {
        Random rnd = new Random(seed);
        float[] data = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = rnd.nextFloat() * 2 - 1;
        }
        return Tensor.of(data, shape);
    }

    static float[] randomVector(long seed, int n) {
        return random(seed, n).data();
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.data();
        float[] a = actual.data();
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) e[i] - a[i]);
            if (!(diff <= ATOL + RTOL * Math.abs(e[i]))) {
                fail(what + ": at " + java.util.Arrays.toString(Tensor.unflatten(i, expected.shape())) + " expected "
                        + e[i] + " got " + a[i]);
            }
        }
    }
}
