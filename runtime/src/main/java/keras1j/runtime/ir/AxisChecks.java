package keras1j.runtime.ir;

import java.util.List;

/** Checks for ops with one entry per axis (batch included). */
final class AxisChecks {
    private AxisChecks() {
    }

    /** Entry count equals the rank and the batch entry equals {@code batchValue}. */
    static void perAxis(Op op, List<Shape> inputs, Shape in, String field, int[] values, int batchValue) {
        ShapeChecks.requireLength(op, field, values, in.rank());
        if (values[0] != batchValue) {
            throw ShapeChecks.fail(op, inputs, "'" + field + "' must leave the batch axis alone (entry 0 = "
                    + batchValue + ")");
        }
    }
}
