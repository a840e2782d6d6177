package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

import keras1j.errors.ShapeException;

/** Validation helpers shared by the ops' shape inference. Stateless. */
final class ShapeChecks {
    private ShapeChecks() {
    }

    static ShapeException fail(Op op, List<Shape> inputs, String expectation) {
        return new ShapeException(op.opName() + ": input shapes " + inputs + ": " + expectation);
    }

    static Shape single(Op op, List<Shape> inputs) {
        if (inputs.size() != 1) {
            throw fail(op, inputs, "expected exactly one input");
        }
        return inputs.get(0);
    }

    /** The first input, after checking that every input has its shape but for the batch axis. */
    static Shape sameShapes(Op op, List<Shape> inputs) {
        Shape first = inputs.get(0);
        for (Shape s : inputs) {
            if (s.rank() != first.rank()) {
                throw fail(op, inputs, "all inputs must have the same shape");
            }
            for (int i = 1; i < s.rank(); i++) {
                if (s.dim(i) != first.dim(i)) {
                    throw fail(op, inputs, "all inputs must have the same shape");
                }
            }
        }
        return first;
    }

    static void requireRank(Op op, List<Shape> inputs, Shape s, int rank) {
        if (s.rank() != rank) {
            throw fail(op, inputs, "expected rank " + rank);
        }
    }

    static void requireLength(Op op, String field, int[] values, int length) {
        if (values == null || values.length != length) {
            throw new ShapeException(op.opName() + ": '" + field + "' must have " + length + " entries, got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
    }

    static void requireAtLeast(Op op, String field, int[] values, int min) {
        for (int v : values) {
            if (v < min) {
                throw new ShapeException(op.opName() + ": '" + field + "' entries must be >= " + min + ", got "
                        + Arrays.toString(values));
            }
        }
    }

    /** Output size of a sliding window; fails if no window fits. */
    static int windowOutput(Op op, List<Shape> inputs, int n, int kernel, int stride, int dilation, int padBegin,
            int padEnd) {
        if (n == Shape.UNKNOWN) {
            return Shape.UNKNOWN; // an open size stays open (checked once the graph is specialized)
        }
        long effective = (long) (kernel - 1) * dilation + 1;
        long padded = (long) n + padBegin + padEnd;
        if (padded < effective) {
            throw fail(op, inputs, "padded size " + padded + " is smaller than the window " + effective);
        }
        return Dims.windowOutput(op.opName() + ": input shapes " + inputs, "output size", n, kernel, stride, dilation,
                padBegin, padEnd);
    }
}
