package keras1j.keras.io;

import java.lang.reflect.Array;

import keras1j.runtime.tensor.Tensor;

/**
 * Converts a row-major tensor to the nested Java array jhdf writes as an N-dimensional dataset
 * ({@code float[d0][d1]...}); a rank-0 tensor becomes a boxed {@link Float}, which jhdf writes as a
 * scalar dataset.
 *
 * <p>Stateless; thread-safe.
 */
final class NestedArrays {
    private NestedArrays() {
    }

    static Object of(Tensor tensor) {
        int[] shape = tensor.shape();
        float[] data = tensor.data();
        if (shape.length == 0) {
            return data[0];
        }
        if (shape.length == 1) {
            return data.clone();
        }
        Object array = Array.newInstance(float.class, shape);
        fill(array, shape, 0, data, 0);
        return array;
    }

    /**
     * Fills {@code array} (of rank {@code shape.length - axis}) from {@code data[offset..]};
     * returns the offset after the last value used.
     */
    private static int fill(Object array, int[] shape, int axis, float[] data, int offset) {
        if (axis == shape.length - 1) {
            System.arraycopy(data, offset, array, 0, shape[axis]);
            return offset + shape[axis];
        }
        Object[] rows = (Object[]) array;
        int next = offset;
        for (Object row : rows) {
            next = fill(row, shape, axis + 1, data, next);
        }
        return next;
    }
}
