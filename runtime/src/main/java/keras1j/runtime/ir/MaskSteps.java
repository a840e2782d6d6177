package keras1j.runtime.ir;

import java.util.List;

/**
 * Zeroes the masked steps of a sequence: inputs {@code x [N, T, d2..dk]} and {@code mask [N, T]}
 * (1 keep, 0 masked, as from {@link StepMask}); output {@code x * mask} broadcast over the trailing
 * axes (Keras' {@code Masking} output).
 */
public record MaskSteps() implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        if (inputs.size() != 2) {
            throw ShapeChecks.fail(this, inputs, "expected the sequence and its mask");
        }
        Shape x = inputs.get(0);
        Shape m = inputs.get(1);
        if (x.rank() < 2 || m.rank() != 2 || m.dim(1) != x.dim(1)) {
            throw ShapeChecks.fail(this, inputs, "expected x [N, T, ...] and mask [N, T]");
        }
        return x;
    }
}
