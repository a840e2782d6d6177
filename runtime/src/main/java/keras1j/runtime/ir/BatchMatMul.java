package keras1j.runtime.ir;

import java.util.List;

/**
 * Matrix product of the last two axes of two inputs of equal rank {@code >= 3}, the axes before them
 * (the batch axis and any others, of equal sizes) indexing pairs of matrices:
 * {@code [N, B.., M, K] x [N, B.., K, P] -> [N, B.., M, P]},
 * {@code y[n, b.., m, p] = sum_k a[n, b.., m, k] * c[n, b.., k, p]} (ONNX {@code MatMul} without
 * broadcasting). The Keras {@code batch_dot} of any ranks and axes is this op between transposes and
 * reshapes, which the importer adds. Sizes other than the contracted one may be open.
 */
public record BatchMatMul() implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw ShapeChecks.fail(this, inputs, "expected exactly two inputs");
        }
        Shape a = inputs.get(0);
        Shape b = inputs.get(1);
        int r = a.rank();
        if (r < 3 || b.rank() != r) {
            throw ShapeChecks.fail(this, inputs, "expected two inputs of one rank >= 3");
        }
        for (int i = 1; i < r - 2; i++) {
            if (a.dim(i) != b.dim(i)) {
                throw ShapeChecks.fail(this, inputs, "the axes before the last two must have equal sizes");
            }
        }
        if (a.dim(r - 1) != b.dim(r - 2) || a.dim(r - 1) == Shape.UNKNOWN) {
            throw ShapeChecks.fail(this, inputs, "the contracted sizes (the last axis of the first input, the "
                    + "second-to-last of the second) must be known and equal");
        }
        int[] out = a.dims();
        out[r - 1] = b.dim(r - 1);
        return Shape.of(out);
    }
}
