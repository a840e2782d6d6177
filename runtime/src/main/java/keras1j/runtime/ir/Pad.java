package keras1j.runtime.ir;

import java.util.List;

/**
 * Zero padding: {@code begin[i]} zeros before and {@code end[i]} after axis {@code i}; one entry per
 * axis, batch included (where it must be 0).
 */
public record Pad(int[] begin, int[] end) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        AxisChecks.perAxis(this, inputs, in, "begin", begin, 0);
        AxisChecks.perAxis(this, inputs, in, "end", end, 0);
        ShapeChecks.requireAtLeast(this, "begin", begin, 0);
        ShapeChecks.requireAtLeast(this, "end", end, 0);
        int[] out = in.dims();
        for (int i = 1; i < out.length; i++) {
            if (out[i] == Shape.UNKNOWN) {
                continue; // an open size stays open
            }
            out[i] = Dims.add(opName() + ": input shapes " + inputs, "padded size of axis " + i, out[i], begin[i],
                    end[i]);
        }
        return Shape.of(out);
    }
}
