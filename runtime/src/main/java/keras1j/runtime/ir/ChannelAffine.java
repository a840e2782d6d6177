package keras1j.runtime.ir;

import java.util.List;

/**
 * Per-channel affine map along one axis: {@code y = x * scale[c] + shift[c]} where {@code c} is the
 * index on {@code axis}. Inference-time batch normalization, folded by the importer.
 *
 * @param axis  a non-batch axis, {@code >= 1}
 * @param scale one value per index of {@code axis}
 * @param shift one value per index of {@code axis}
 */
public record ChannelAffine(int axis, float[] scale, float[] shift) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (axis < 1 || axis >= in.rank()) {
            throw ShapeChecks.fail(this, inputs, "axis " + axis + " must be a non-batch axis");
        }
        int c = in.dim(axis);
        if (scale.length != c || shift.length != c) {
            throw ShapeChecks.fail(this, inputs, "scale and shift must have " + c + " values (axis " + axis
                    + "), got " + scale.length + " and " + shift.length);
        }
        return in;
    }

    @Override
    public long parameterCount() {
        return 2L * scale.length;
    }
}
