package keras1j.runtime.ir;

import java.util.List;

/**
 * The step mask of a sequence: {@code x [N, T, d2..dk] -> [N, T]}, 1 where some element of the step
 * differs from {@code value}, else 0 (for a rank-2 input, 1 where the element differs). Keras'
 * {@code Embedding(mask_zero=True)} is {@code StepMask(0)} of the ids, {@code Masking} is
 * {@code StepMask(mask_value)} of its input. NaN differs from every value.
 */
public record StepMask(float value) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (in.rank() < 2) {
            throw ShapeChecks.fail(this, inputs, "expected rank >= 2 (batch, steps, ...)");
        }
        return Shape.of(in.dim(0), in.dim(1));
    }
}
