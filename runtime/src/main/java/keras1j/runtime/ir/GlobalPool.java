package keras1j.runtime.ir;

import java.util.List;

/** Max or mean over all spatial axes, channels-last: {@code [N, d1..dr, C] -> [N, C]}. */
public record GlobalPool(PoolKind kind) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (in.rank() < 3) {
            throw ShapeChecks.fail(this, inputs, "expected rank >= 3 (batch, spatial..., channels)");
        }
        return Shape.of(in.dim(0), in.dim(-1));
    }
}
