package keras1j.runtime.ir;

import java.util.List;

/**
 * Keras 1.2.2's {@code merge} mode {@code cos} from its three {@code batch_dot} products: inputs
 * {@code ab}, {@code aa}, {@code bb} of identical shape, output {@code ab / max(sqrt(aa * bb), epsilon)}
 * element by element. For inputs beyond 2D the products are matrices per sample
 * ({@code aa[i, j] = <a_i, a_j>}), so {@code aa * bb} can be negative off the diagonal and the output
 * NaN there, as in Keras. ({@link Cosine} is the 2D case in one op.) Open sizes pass through.
 *
 * @param epsilon the lower bound of the denominator, {@code >= 0}
 */
public record CosineRatio(float epsilon) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() != 3) {
            throw ShapeChecks.fail(this, inputs, "expected the products <a, b>, <a, a> and <b, b>");
        }
        Shape ab = ShapeChecks.sameShapes(this, inputs);
        if (!(epsilon >= 0f)) {
            throw ShapeChecks.fail(this, inputs, "epsilon must be >= 0, got " + epsilon);
        }
        return ab;
    }
}
