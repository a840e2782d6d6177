package keras1j.runtime.ir;

import java.util.List;

/**
 * Element-wise activation.
 *
 * @param alpha the parameter of {@link ActivationKind#ELU}, {@link ActivationKind#LEAKY_RELU} and
 *              {@link ActivationKind#THRESHOLDED_RELU}; ignored by the others
 */
public record Activation(ActivationKind kind, float alpha) implements Op {
    /** An activation without parameter. */
    public static Activation of(ActivationKind kind) {
        return new Activation(kind, 0f);
    }

    @Override
    public Shape inferShape(List<Shape> inputs) {
        return ShapeChecks.single(this, inputs);
    }
}
