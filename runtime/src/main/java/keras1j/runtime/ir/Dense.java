package keras1j.runtime.ir;

import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * Fully connected layer on the last axis: {@code y[..., o] = bias[o] + sum_i x[..., i] * weights[i, o]}.
 *
 * @param weights {@code [in, out]}
 * @param bias    {@code out} values or {@code null}
 */
public record Dense(Tensor weights, float[] bias) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (weights.rank() != 2) {
            throw ShapeChecks.fail(this, inputs, "weights must be [in, out], got " + weights);
        }
        if (in.rank() < 2 || in.dim(-1) != weights.dim(0)) {
            throw ShapeChecks.fail(this, inputs, "last axis must be " + weights.dim(0));
        }
        if (bias != null && bias.length != weights.dim(1)) {
            throw ShapeChecks.fail(this, inputs, "bias must have " + weights.dim(1) + " values");
        }
        int[] out = in.dims();
        out[out.length - 1] = weights.dim(1);
        return Shape.of(out);
    }

    @Override
    public long parameterCount() {
        return weights.size() + (bias == null ? 0 : bias.length);
    }
}
