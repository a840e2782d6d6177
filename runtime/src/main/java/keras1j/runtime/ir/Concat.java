package keras1j.runtime.ir;

import java.util.List;

/** Concatenation along {@code axis} (a non-batch axis, {@code >= 1}); other axes must agree. */
public record Concat(int axis) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.isEmpty()) {
            throw ShapeChecks.fail(this, inputs, "expected at least one input");
        }
        Shape first = inputs.get(0);
        if (axis < 1 || axis >= first.rank()) {
            throw ShapeChecks.fail(this, inputs, "axis " + axis + " must be a non-batch axis");
        }
        int[] out = first.dims();
        out[axis] = 0;
        for (Shape s : inputs) {
            if (s.rank() != first.rank()) {
                throw ShapeChecks.fail(this, inputs, "all inputs must have the same rank");
            }
            for (int i = 1; i < s.rank(); i++) {
                if (i != axis && s.dim(i) != first.dim(i)) {
                    throw ShapeChecks.fail(this, inputs, "inputs must agree on every axis but " + axis);
                }
            }
            out[axis] = out[axis] == Shape.UNKNOWN || s.dim(axis) == Shape.UNKNOWN ? Shape.UNKNOWN
                    : Dims.add(opName() + ": input shapes " + inputs, "concatenated size of axis " + axis,
                            out[axis], s.dim(axis));
        }
        return Shape.of(out);
    }
}
