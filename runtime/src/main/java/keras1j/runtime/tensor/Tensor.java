package keras1j.runtime.tensor;

import java.util.Arrays;

import keras1j.errors.ShapeException;
import keras1j.runtime.memory.MemoryBudget;

/**
 * A dense float32 tensor: a row-major {@code float[]} and its shape.
 *
 * <p>Tensors are treated as immutable values once handed to the IR or returned by an engine; for
 * speed the constructor does not copy {@code data}, so the creator must not change it afterwards.
 * Instances are safe to share between threads under that contract.
 */
public final class Tensor {
    private final int[] shape;
    private final float[] data;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.data = data;
    }

    /**
     * Wraps {@code data} (not copied) with {@code shape} (copied).
     *
     * @throws ShapeException if a dimension is negative or the element count differs
     */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.clone();
        long n = elementCount(s);
        if (n != data.length) {
            throw new ShapeException("tensor of shape " + Arrays.toString(s) + " needs " + n
                    + " elements, got " + data.length);
        }
        return new Tensor(s, data);
    }

    /** A zero-filled tensor of {@code shape}. */
    public static Tensor zeros(int... shape) {
        long n = elementCount(shape);
        return new Tensor(shape.clone(), MemoryBudget.newFloats(n, "a tensor of shape " + Arrays.toString(shape)));
    }

    /** Number of elements of a shape; every dimension must be non-negative. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("negative dimension in " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " has more elements than a long"
                        + " holds");
            }
        }
        return n;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code axis}; negative axes count from the end. */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    public int rank() {
        return shape.length;
    }

    /** The backing array, row-major. Do not modify it. */
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** Element at a full index. */
    public float get(int... index) {
        if (index.length != shape.length) {
            throw new ShapeException("index rank " + index.length + " for tensor of rank " + shape.length);
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new ShapeException("index " + Arrays.toString(index) + " outside " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /** The same data seen with another shape of equal element count. */
    public Tensor reshape(int... newShape) {
        return of(data, newShape);
    }

    /** Converts a flat row-major index to a full index, for error messages. */
    public static int[] unflatten(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : flat % shape[i];
            flat = shape[i] == 0 ? 0 : flat / shape[i];
        }
        return idx;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
