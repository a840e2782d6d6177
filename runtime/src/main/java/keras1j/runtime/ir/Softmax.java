package keras1j.runtime.ir;

import java.util.List;

/** Softmax along {@code axis} (a non-batch axis, {@code >= 1}). */
public record Softmax(int axis) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (axis < 1 || axis >= in.rank()) {
            throw ShapeChecks.fail(this, inputs, "axis " + axis + " must be a non-batch axis");
        }
        return in;
    }
}
