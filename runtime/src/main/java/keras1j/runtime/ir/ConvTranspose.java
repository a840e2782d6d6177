package keras1j.runtime.ir;

import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * N-dimensional transposed convolution, channels-last: the gradient of {@link Conv} with respect
 * to its input, with an explicit output size.
 *
 * <p>Input {@code [N, n1..nr, Cin]}, kernel {@code [k1..kr, Cin, Cout]}, output
 * {@code [N, outputSize..., Cout]}:
 * <pre>y[b, i*stride + j - padsBegin, co] += x[b, i, ci] * kernel[j, ci, co]   (then + bias[co])</pre>
 * Contributions that land outside {@code [0, outputSize)} are dropped; output positions no input
 * reaches hold only the bias. This is TensorFlow's {@code conv2d_transpose} and ONNX
 * {@code ConvTranspose} with explicit pads.
 *
 * @param kernel     {@code [k1..kr, Cin, Cout]}
 * @param bias       {@code Cout} values or {@code null}
 * @param strides    one per spatial axis, {@code >= 1}
 * @param padsBegin  positions dropped at the start of each spatial axis, {@code >= 0}
 * @param outputSize the spatial output size, one per axis, {@code >= 1}
 */
public record ConvTranspose(Tensor kernel, float[] bias, int[] strides, int[] padsBegin, int[] outputSize)
        implements Op {

    public int spatialRank() {
        return kernel.rank() - 2;
    }

    public int outChannels() {
        return kernel.dim(-1);
    }

    /** Size of the full (uncropped) output along spatial axis {@code i} for input size {@code n}. */
    public int fullSize(int i, int n) {
        return Dims.add(opName(), "full output size of axis " + (i + 1),
                Math.multiplyExact((long) n - 1, (long) strides[i]), kernel.dim(i));
    }

    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        int r = spatialRank();
        if (r < 1) {
            throw ShapeChecks.fail(this, inputs, "kernel must have rank >= 3, got " + kernel);
        }
        ShapeChecks.requireRank(this, inputs, in, r + 2);
        ShapeChecks.requireLength(this, "strides", strides, r);
        ShapeChecks.requireLength(this, "padsBegin", padsBegin, r);
        ShapeChecks.requireLength(this, "outputSize", outputSize, r);
        ShapeChecks.requireAtLeast(this, "strides", strides, 1);
        ShapeChecks.requireAtLeast(this, "padsBegin", padsBegin, 0);
        ShapeChecks.requireAtLeast(this, "outputSize", outputSize, 1);
        if (in.dim(-1) != kernel.dim(-2)) {
            throw ShapeChecks.fail(this, inputs, "input channels must be " + kernel.dim(-2) + " (kernel " + kernel + ")");
        }
        if (bias != null && bias.length != outChannels()) {
            throw ShapeChecks.fail(this, inputs, "bias must have " + outChannels() + " values, got " + bias.length);
        }
        int[] out = new int[r + 2];
        out[0] = in.dim(0);
        System.arraycopy(outputSize, 0, out, 1, r);
        out[r + 1] = outChannels();
        return Shape.of(out);
    }

    @Override
    public long parameterCount() {
        return kernel.size() + (bias == null ? 0 : bias.length);
    }
}
