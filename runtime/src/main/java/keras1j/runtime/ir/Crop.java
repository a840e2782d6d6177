package keras1j.runtime.ir;

import java.util.List;

/**
 * Cropping: removes {@code begin[i]} elements at the start and {@code end[i]} at the end of axis
 * {@code i}; one entry per axis, batch included (where it must be 0).
 */
public record Crop(int[] begin, int[] end) implements Op {
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
                continue; // an open size stays open (checked once specialized)
            }
            long left = (long) out[i] - begin[i] - end[i];
            if (left < 1) {
                throw ShapeChecks.fail(this, inputs, "cropping leaves nothing on axis " + i);
            }
            out[i] = (int) left;
        }
        return Shape.of(out);
    }
}
