package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * S-shaped ReLU (Keras 1.2.2 {@code SReLU}), one parameter per element of a sample (each tensor has
 * the input shape without the batch axis):
 *
 * <pre>y = tLeft + min(leaky(x - tLeft, aLeft), tRight - tLeft) + aRight * max(x - tRight, 0)</pre>
 *
 * where {@code leaky(d, a) = d > 0 ? d : a * d} and {@code tRight >= tLeft} is the actual right
 * threshold (Keras' {@code t_left + |t_right|}).
 */
public record SRelu(Tensor tLeft, Tensor aLeft, Tensor tRight, Tensor aRight) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        for (Tensor t : List.of(tLeft, aLeft, tRight, aRight)) {
            if (!Arrays.equals(in.sampleDims(), t.shape())) {
                throw ShapeChecks.fail(this, inputs, "parameter shape " + Arrays.toString(t.shape())
                        + " must equal the sample shape");
            }
        }
        return in;
    }

    @Override
    public long parameterCount() {
        return 4L * tLeft.size();
    }
}
