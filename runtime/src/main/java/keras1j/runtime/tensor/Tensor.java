package keras1j.runtime.tensor;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

import keras1j.errors.ShapeException;
import keras1j.runtime.memory.MemoryBudget;

/**
 * A dense float32 tensor: a row-major {@code float[]} and its shape.
 *
 * <p>Tensors are treated as immutable values once handed to the IR or returned by an engine; for
 * speed the constructor does not copy {@code data}, so the creator must not change it afterwards.
 * Instances are safe to share between threads under that contract.
 *
 * <p><b>Lazy data.</b> A tensor made by {@link #lazy} or {@link #zeros} knows its shape at once but
 * makes its values only when {@link #data()} is first called (a weight read from its file, a zero
 * array allocated), so that work which needs only shapes and sizes ({@link #shape()},
 * {@link #size()}, e.g. a model summary) never holds the values. The values are made at most once,
 * and every later call returns the same array.
 */
public final class Tensor {
    private final int[] shape;
    private final int size;
    private volatile float[] data;
    /** Makes the data on first use; null once made (or for an eager tensor). Guarded by {@code this}. */
    private Supplier<float[]> source;

    private Tensor(int[] shape, float[] data) {
        this.shape = shape;
        this.size = data.length;
        this.data = data;
    }

    private Tensor(int[] shape, int size, Supplier<float[]> source) {
        this.shape = shape;
        this.size = size;
        this.source = source;
    }

    /**
     * A tensor of {@code shape} whose values {@code source} makes on the first {@link #data()} call
     * (called at most once, under this tensor's lock; it must return a fresh array of exactly the
     * shape's element count, which the tensor then owns). A failure of {@code source} propagates to
     * that caller and is repeated on the next call.
     *
     * @throws ShapeException if a dimension is negative or the tensor would be too large for an array
     */
    public static Tensor lazy(Supplier<float[]> source, int... shape) {
        Objects.requireNonNull(source, "source");
        int[] s = shape.clone();
        return new Tensor(s, arraySize(s), source);
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

    /** A zero-filled tensor of {@code shape} (allocated on the first {@link #data()} call). */
    public static Tensor zeros(int... shape) {
        int[] s = shape.clone();
        int n = arraySize(s);
        MemoryBudget.take(4L * n, "a tensor of shape " + Arrays.toString(s));
        return new Tensor(s, n, () -> new float[n]);
    }

    private static int arraySize(int[] shape) {
        long n = elementCount(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
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

    /** The backing array, row-major (made now if this tensor is lazy). Do not modify it. */
    public float[] data() {
        float[] d = data;
        return d != null ? d : load();
    }

    private synchronized float[] load() {
        if (data == null) {
            float[] d = source.get();
            if (d == null || d.length != size) {
                throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " needs " + size
                        + " elements, its source gave " + (d == null ? "none" : d.length));
            }
            data = d;
            source = null;
        }
        return data;
    }

    /**
     * The values, without keeping them in this tensor: for a lazy tensor whose values are not in
     * memory yet, its source is called again on every call (a weight is read from its file again)
     * and the returned array is the caller's; otherwise the backing array (do not modify it). For
     * consumers that turn the values into their own storage once (an engine packing its weights,
     * an ONNX model being written), so that the tensor does not keep a second copy.
     */
    public float[] readData() {
        float[] d = data;
        if (d != null) {
            return d;
        }
        synchronized (this) {
            if (data != null) {
                return data;
            }
            float[] fresh = source.get();
            if (fresh == null || fresh.length != size) {
                throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " needs " + size
                        + " elements, its source gave " + (fresh == null ? "none" : fresh.length));
            }
            return fresh;
        }
    }

    /** True if the values are in memory (always for a tensor made by {@link #of}). */
    public boolean isLoaded() {
        return data != null;
    }

    /** Number of elements. */
    public int size() {
        return size;
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
        return data()[flat];
    }

    /**
     * The same data seen with another shape of equal element count (for a lazy tensor whose values
     * are not read yet, a lazy tensor that reads them when needed).
     */
    public Tensor reshape(int... newShape) {
        if (!isLoaded()) {
            // stays lazy: the values are read for the reshaped tensor when it needs them
            if (elementCount(newShape) != size) {
                throw new ShapeException("tensor of shape " + Arrays.toString(newShape) + " needs "
                        + elementCount(newShape) + " elements, got " + size);
            }
            return lazy(this::readData, newShape);
        }
        return of(data(), newShape);
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
