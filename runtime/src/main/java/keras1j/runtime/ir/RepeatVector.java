package keras1j.runtime.ir;

import java.util.List;

/** {@code [N, F] -> [N, times, F]}: every sample repeated {@code times} times along a new axis 1. */
public record RepeatVector(int times) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        ShapeChecks.requireRank(this, inputs, in, 2);
        if (times < 1) {
            throw ShapeChecks.fail(this, inputs, "times must be >= 1, got " + times);
        }
        return Shape.of(in.dim(0), times, in.dim(1));
    }
}
