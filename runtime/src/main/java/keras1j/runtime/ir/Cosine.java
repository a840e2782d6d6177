package keras1j.runtime.ir;

import java.util.List;

/**
 * Cosine similarity of two inputs of identical shape along their last axis:
 * {@code [N, ..., K] x [N, ..., K] -> [N, ..., 1]},
 * {@code y = <a, b> / max(sqrt(<a, a> * <b, b>), epsilon)} (Keras 1.2.2 {@code merge} mode {@code cos}).
 *
 * @param epsilon the lower bound of the denominator, {@code >= 0}
 */
public record Cosine(float epsilon) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw ShapeChecks.fail(this, inputs, "expected exactly two inputs");
        }
        Shape a = inputs.get(0);
        if (!a.equals(inputs.get(1)) || a.rank() < 2 || a.dim(-1) == Shape.UNKNOWN) {
            throw ShapeChecks.fail(this, inputs, "expected two inputs of the same shape, rank >= 2, known last axis");
        }
        if (!(epsilon >= 0f)) {
            throw ShapeChecks.fail(this, inputs, "epsilon must be >= 0, got " + epsilon);
        }
        int[] out = a.dims();
        out[out.length - 1] = 1;
        return Shape.of(out);
    }
}
