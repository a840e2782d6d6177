package keras1j.runtime.ir;

import java.util.Arrays;

import keras1j.errors.ShapeException;

/**
 * The shape of an IR value. Axis 0 is always the batch axis; in graph value shapes it is
 * {@link #BATCH} (symbolic). Every other axis is a concrete size, or {@link #UNKNOWN} when the model
 * leaves it open (Keras {@code None}, e.g. a sequence length): such a graph is a template that
 * engines specialize per concrete input shape ({@link Graph#withInputShapes}). Immutable and
 * thread-safe.
 */
public final class Shape {
    /** Marker for the symbolic batch dimension. */
    public static final int BATCH = -1;
    /** Marker for an open (unknown until run time) size of a non-batch axis; prints as {@code None}. */
    public static final int UNKNOWN = -1;

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** A shape from explicit dimensions; use {@link #BATCH} for the batch axis. */
    public static Shape of(int... dims) {
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 && dims[i] != UNKNOWN) {
                throw new ShapeException("invalid dimension " + dims[i] + " at axis " + i + " in "
                        + Arrays.toString(dims));
            }
        }
        // the sizes known so far must fit one sample (open sizes are checked once the graph is specialized)
        Dims.product("shape " + Arrays.toString(dims), "element count",
                Arrays.stream(dims, 1, dims.length).filter(d -> d != UNKNOWN).toArray());
        return new Shape(dims.clone());
    }

    /** A shape with a symbolic batch axis followed by {@code sampleDims}. */
    public static Shape batched(int... sampleDims) {
        int[] d = new int[sampleDims.length + 1];
        d[0] = BATCH;
        System.arraycopy(sampleDims, 0, d, 1, sampleDims.length);
        return of(d);
    }

    public int rank() {
        return dims.length;
    }

    /** Size of {@code axis} (negative counts from the end); {@link #BATCH} for a symbolic batch. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** A copy of all dimensions, batch included. */
    public int[] dims() {
        return dims.clone();
    }

    /** A copy of the dimensions after the batch axis. */
    public int[] sampleDims() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    /**
     * Product of the non-batch dimensions.
     *
     * @throws ShapeException if a non-batch axis is {@link #UNKNOWN}
     */
    public long sampleSize() {
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] == UNKNOWN) {
                throw new ShapeException("the sample size of " + this + " is not known before run time");
            }
            n *= dims[i];
        }
        return n;
    }

    /** True when some non-batch axis is {@link #UNKNOWN}. */
    public boolean hasOpenSampleDims() {
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] == UNKNOWN) {
                return true;
            }
        }
        return false;
    }

    /** This shape with the batch axis set to a concrete size (or {@link #BATCH}). */
    public Shape withBatch(int batch) {
        int[] d = dims.clone();
        d[0] = batch;
        return new Shape(d);
    }

    /** Maps a possibly negative axis into {@code [0, rank)}. */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new ShapeException("axis " + axis + " out of range for shape " + this);
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Keras style: {@code (None, 28, 28, 1)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] == BATCH ? "None" : Integer.toString(dims[i]));
        }
        if (dims.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
