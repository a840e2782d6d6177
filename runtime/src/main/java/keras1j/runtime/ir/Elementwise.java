package keras1j.runtime.ir;

import java.util.List;

/** Element-wise combination of two or more inputs of identical shape (Keras {@code merge} sum/mul/ave/max). */
public record Elementwise(ElementwiseKind kind) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw ShapeChecks.fail(this, inputs, "expected at least two inputs");
        }
        Shape first = inputs.get(0);
        for (Shape s : inputs) {
            if (s.rank() != first.rank()) {
                throw ShapeChecks.fail(this, inputs, "all inputs must have the same shape");
            }
            for (int i = 1; i < s.rank(); i++) {
                if (s.dim(i) != first.dim(i)) {
                    throw ShapeChecks.fail(this, inputs, "all inputs must have the same shape");
                }
            }
        }
        return first;
    }
}
