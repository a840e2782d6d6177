package keras1j.runtime.ir;

import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * Embedding lookup: the input holds integer ids stored as floats, {@code [N, d1..dk]}; the output is
 * {@code [N, d1..dk, D]} with row {@code table[id]}. Engines reject ids that are not whole numbers
 * in {@code [0, V)} with an {@link keras1j.errors.InvalidInputException}.
 *
 * @param table {@code [V, D]}
 */
public record Gather(Tensor table) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (table.rank() != 2) {
            throw ShapeChecks.fail(this, inputs, "table must be [V, D], got " + table);
        }
        int[] out = java.util.Arrays.copyOf(in.dims(), in.rank() + 1);
        out[in.rank()] = table.dim(1);
        return Shape.of(out);
    }

    @Override
    public long parameterCount() {
        return table.size();
    }
}
