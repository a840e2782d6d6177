package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

import keras1j.runtime.tensor.Tensor;

/**
 * An unshared convolution, channels-last, rank-generic, without padding: every output position has
 * its own kernel. Input {@code [N, n1..nr, Cin]}, output {@code [N, o1..or, F]} with
 * {@code o = (n - k) / stride + 1}. With {@code p} the row-major index of the output position
 * {@code (q1..qr)} and {@code (j, c)} the row-major index of a patch element (kernel offsets
 * {@code j1..jr}, then input channel):
 *
 * <pre>y[b, q, f] = bias[p, f] + sum_{j, c} x[b, q*stride + j, c] * kernel[p, (j, c), f]</pre>
 *
 * @param kernel     {@code [P, k1*..*kr*Cin, F]}, {@code P = o1*..*or}
 * @param bias       {@code P*F} values ({@code [P, F]} row-major), or {@code null} for none
 * @param kernelSize one per spatial axis, {@code >= 1}
 * @param strides    one per spatial axis, {@code >= 1}
 */
public record LocallyConnected(Tensor kernel, float[] bias, int[] kernelSize, int[] strides) implements Op {

    /** Number of spatial axes. */
    public int spatialRank() {
        return kernelSize.length;
    }

    public int outChannels() {
        return kernel.dim(2);
    }

    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        int r = kernelSize.length;
        if (r < 1 || kernel.rank() != 3) {
            throw ShapeChecks.fail(this, inputs, "kernel must be [P, K, F] with at least one spatial axis, got "
                    + kernel);
        }
        ShapeChecks.requireRank(this, inputs, in, r + 2);
        ShapeChecks.requireLength(this, "strides", strides, r);
        ShapeChecks.requireAtLeast(this, "kernelSize", kernelSize, 1);
        ShapeChecks.requireAtLeast(this, "strides", strides, 1);
        int[] out = new int[r + 2];
        out[0] = in.dim(0);
        long positions = 1;
        long patch = in.dim(-1);
        for (int i = 0; i < r; i++) {
            if (in.dim(i + 1) == Shape.UNKNOWN) {
                throw ShapeChecks.fail(this, inputs, "spatial sizes must be known (one kernel per output position)");
            }
            out[i + 1] = ShapeChecks.windowOutput(this, inputs, in.dim(i + 1), kernelSize[i], strides[i], 1, 0, 0);
            positions *= out[i + 1];
            patch *= kernelSize[i];
        }
        out[r + 1] = kernel.dim(2);
        if (kernel.dim(0) != positions || kernel.dim(1) != patch) {
            throw ShapeChecks.fail(this, inputs, "kernel must be [" + positions + ", " + patch + ", F] for kernel size "
                    + Arrays.toString(kernelSize) + ", got " + kernel);
        }
        if (bias != null && bias.length != positions * kernel.dim(2)) {
            throw ShapeChecks.fail(this, inputs, "bias must have " + positions * kernel.dim(2) + " values, got "
                    + bias.length);
        }
        return Shape.of(out);
    }

    @Override
    public long parameterCount() {
        return kernel.size() + (bias == null ? 0 : bias.length);
    }
}
