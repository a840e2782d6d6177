package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Normalization by statistics computed from the input itself:
 * {@code y = (x - mean) / (sqrt(var + epsilon) + outerEpsilon)}, where {@code mean} and the biased
 * {@code var} are taken over {@code axes} (one value per index of the other axes). {@code axes} may
 * include the batch axis 0: the statistics then come from the whole batch evaluated together (Keras
 * 1.2.2 BatchNormalization {@code mode=2}); without it each sample is normalized alone
 * ({@code mode=1} over its last axis).
 *
 * @param axes         distinct axes in increasing order, at least one
 * @param epsilon      added to the variance, {@code >= 0}
 * @param outerEpsilon added to the standard deviation, {@code >= 0}
 */
public record Standardize(int[] axes, float epsilon, float outerEpsilon) implements Op {
    /** Statistics over the batch axis (axis 0) make each sample depend on its batch. */
    @Override
    public boolean mixesSamples() {
        return axes.length > 0 && axes[0] == 0;
    }

    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (axes.length == 0) {
            throw ShapeChecks.fail(this, inputs, "axes must not be empty");
        }
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < 0 || axes[i] >= in.rank() || (i > 0 && axes[i] <= axes[i - 1])) {
                throw ShapeChecks.fail(this, inputs, "axes " + Arrays.toString(axes)
                        + " must be distinct axes of the input in increasing order");
            }
        }
        if (!(epsilon >= 0f) || !(outerEpsilon >= 0f)) {
            throw ShapeChecks.fail(this, inputs, "epsilons must be >= 0");
        }
        return in;
    }

    /** True when the statistics include the batch axis (the result depends on the whole batch). */
    public boolean acrossBatch() {
        return axes[0] == 0;
    }
}
