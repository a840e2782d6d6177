package keras1j.runtime.ir;

import java.util.List;

/**
 * Per-sample matrix product of two inputs: {@code [N, M, K] x [N, K, P] -> [N, M, P]},
 * {@code y[b, m, p] = sum_k a[b, m, k] * c[b, k, p]}. The Keras {@code batch_dot} of any ranks and
 * axes is this op between transposes and reshapes, which the importer adds.
 */
public record BatchMatMul() implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw ShapeChecks.fail(this, inputs, "expected exactly two inputs");
        }
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        ShapeChecks.requireRank(this, inputs, a, 3);
        ShapeChecks.requireRank(this, inputs, b, 3);
        if (a.dim(2) != b.dim(1) || a.dim(2) == Shape.UNKNOWN) {
            throw ShapeChecks.fail(this, inputs, "the contracted sizes (axis 2 of the first input, axis 1 of the "
                    + "second) must be known and equal");
        }
        return Shape.of(a.dim(0), a.dim(1), b.dim(2));
    }
}
