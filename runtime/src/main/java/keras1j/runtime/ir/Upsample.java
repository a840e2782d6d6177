package keras1j.runtime.ir;

import java.util.List;

/**
 * Nearest-neighbour upsampling by integer factors: every element of axis {@code i} repeated
 * {@code factors[i]} times ({@code out[j] = in[j / factor]}). One factor per axis, batch included
 * (where it must be 1).
 */
public record Upsample(int[] factors) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        AxisChecks.perAxis(this, inputs, in, "factors", factors, 1);
        ShapeChecks.requireAtLeast(this, "factors", factors, 1);
        int[] out = in.dims();
        for (int i = 1; i < out.length; i++) {
            if (out[i] == Shape.UNKNOWN) {
                continue; // an open size stays open
            }
            out[i] = Dims.mul(opName() + ": input shapes " + inputs, "upsampled size of axis " + i, out[i],
                    factors[i]);
        }
        return Shape.of(out);
    }
}
