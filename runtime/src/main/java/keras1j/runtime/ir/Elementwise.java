package keras1j.runtime.ir;

import java.util.List;

/** Element-wise combination of two or more inputs of identical shape (Keras {@code merge} sum/mul/ave/max). */
public record Elementwise(ElementwiseKind kind) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw ShapeChecks.fail(this, inputs, "expected at least two inputs");
        }
        return ShapeChecks.sameShapes(this, inputs);
    }
}
