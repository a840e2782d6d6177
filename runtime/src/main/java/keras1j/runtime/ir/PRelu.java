package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * Parametric ReLU: {@code y = x > 0 ? x : alpha * x}, with one alpha per element of a sample
 * ({@code alpha} has the input shape without the batch axis).
 */
public record PRelu(Tensor alpha) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (!Arrays.equals(in.sampleDims(), alpha.shape())) {
            throw ShapeChecks.fail(this, inputs, "alpha shape " + Arrays.toString(alpha.shape())
                    + " must equal the sample shape");
        }
        return in;
    }

    @Override
    public long parameterCount() {
        return alpha.size();
    }
}
