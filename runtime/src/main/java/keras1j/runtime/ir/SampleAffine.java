package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * Element-wise affine map with one parameter per element of a sample: {@code y = x * scale + shift}
 * ({@code scale} and {@code shift} have the input shape without the batch axis).
 *
 * @param scale the factors
 * @param shift the offsets, or {@code null} for none
 */
public record SampleAffine(Tensor scale, Tensor shift) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (!Arrays.equals(in.sampleDims(), scale.shape())
                || (shift != null && !Arrays.equals(scale.shape(), shift.shape()))) {
            throw ShapeChecks.fail(this, inputs, "scale and shift must have the sample shape, got "
                    + Arrays.toString(scale.shape()) + (shift == null ? "" : " and " + Arrays.toString(shift.shape())));
        }
        return in;
    }

    @Override
    public long parameterCount() {
        return scale.size() + (shift == null ? 0 : shift.size());
    }
}
