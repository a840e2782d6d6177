package keras1j.runtime.ir;

import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * N-dimensional grouped convolution (cross-correlation), channels-last, rank-generic (1D, 2D, 3D).
 *
 * <p>Input {@code [N, n1..nr, Cin]}, kernel {@code [k1..kr, Cin/groups, Cout]}, output
 * {@code [N, o1..or, Cout]} with {@code o = floor((n + padsBegin + padsEnd - ((k-1)*dilation+1)) / stride) + 1}.
 * Output channel {@code co} belongs to group {@code co / (Cout/groups)} and reads input channels
 * {@code g*(Cin/groups) .. (g+1)*(Cin/groups)-1}. Padding is zeros.
 *
 * <pre>y[b, p, co] = bias[co] + sum_{j, ci} x[b, p*stride + j*dilation - padsBegin, g*Cg + ci] * kernel[j, ci, co]</pre>
 *
 * @param kernel    weights {@code [k1..kr, Cin/groups, Cout]}, already in cross-correlation orientation
 * @param bias      {@code Cout} values, or {@code null} for none
 * @param strides   one per spatial axis, {@code >= 1}
 * @param dilations one per spatial axis, {@code >= 1}
 * @param padsBegin zeros before each spatial axis, {@code >= 0}
 * @param padsEnd   zeros after each spatial axis, {@code >= 0}
 * @param groups    {@code 1} for a dense convolution, {@code Cin} for depthwise
 */
public record Conv(Tensor kernel, float[] bias, int[] strides, int[] dilations, int[] padsBegin, int[] padsEnd,
        int groups) implements Op {

    /** Number of spatial axes (1, 2 or 3). */
    public int spatialRank() {
        return kernel.rank() - 2;
    }

    public int outChannels() {
        return kernel.dim(-1);
    }

    public int[] kernelSize() {
        return java.util.Arrays.copyOf(kernel.shape(), spatialRank());
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
        ShapeChecks.requireLength(this, "dilations", dilations, r);
        ShapeChecks.requireLength(this, "padsBegin", padsBegin, r);
        ShapeChecks.requireLength(this, "padsEnd", padsEnd, r);
        ShapeChecks.requireAtLeast(this, "strides", strides, 1);
        ShapeChecks.requireAtLeast(this, "dilations", dilations, 1);
        ShapeChecks.requireAtLeast(this, "padsBegin", padsBegin, 0);
        ShapeChecks.requireAtLeast(this, "padsEnd", padsEnd, 0);
        int cout = outChannels();
        if (groups < 1 || cout % groups != 0) {
            throw ShapeChecks.fail(this, inputs, "groups " + groups + " must divide output channels " + cout);
        }
        if (in.dim(-1) != kernel.dim(-2) * groups) {
            throw ShapeChecks.fail(this, inputs, "input channels must be " + kernel.dim(-2) * groups
                    + " (kernel " + kernel + ", groups " + groups + ")");
        }
        if (bias != null && bias.length != cout) {
            throw ShapeChecks.fail(this, inputs, "bias must have " + cout + " values, got " + bias.length);
        }
        int[] out = new int[r + 2];
        out[0] = in.dim(0);
        for (int i = 0; i < r; i++) {
            out[i + 1] = ShapeChecks.windowOutput(this, inputs, in.dim(i + 1), kernel.dim(i), strides[i],
                    dilations[i], padsBegin[i], padsEnd[i]);
        }
        out[r + 1] = cout;
        return Shape.of(out);
    }

    @Override
    public long parameterCount() {
        return kernel.size() + (bias == null ? 0 : bias.length);
    }
}
