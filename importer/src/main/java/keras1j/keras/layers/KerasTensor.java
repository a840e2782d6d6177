package keras1j.keras.layers;

import java.util.Arrays;

import keras1j.runtime.ir.Shape;

/**
 * A Keras tensor during import: the IR value that holds it, its Keras (logical) shape and the
 * layout of the IR value relative to the logical one: {@code value = Transpose(logical, perm)}
 * (IR {@code Transpose} semantics, value axis {@code i} is logical axis {@code perm[i]}). A {@code th}
 * image kept channels-last has {@code perm = [0, 2, 3, 1]}; a tensor in Keras layout has the identity.
 * A sequence may carry a Keras mask: the IR value of its step mask {@code [N, T]} (1 keep, 0 masked,
 * see {@link keras1j.runtime.ir.StepMask}), or {@code null}. Immutable.
 *
 * @param value the IR value name
 * @param shape the Keras shape, batch symbolic
 * @param perm  the layout of {@code value}
 * @param mask  the IR value of the Keras mask, or {@code null} for none
 */
public record KerasTensor(String value, Shape shape, int[] perm, String mask) {
    /** A tensor without mask. */
    public KerasTensor(String value, Shape shape, int[] perm) {
        this(value, shape, perm, null);
    }

    public KerasTensor {
        perm = perm.clone();
        if (perm.length != shape.rank()) {
            throw new IllegalArgumentException("perm " + Arrays.toString(perm) + " does not fit shape " + shape);
        }
    }

    @Override
    public int[] perm() {
        return perm.clone();
    }

    /** This tensor carrying {@code mask} (an IR value {@code [N, T]}, or {@code null} for none). */
    public KerasTensor withMask(String mask) {
        return new KerasTensor(value, shape, perm, mask);
    }

    public int rank() {
        return shape.rank();
    }

    /** True when the IR value is in Keras layout. */
    public boolean isLogical() {
        return Layouts.isIdentity(perm);
    }

    /** The IR axis that holds logical axis {@code logicalAxis} (negative counts from the end). */
    public int irAxis(int logicalAxis) {
        int a = shape.normalizeAxis(logicalAxis);
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] == a) {
                return i;
            }
        }
        throw new IllegalStateException("perm " + Arrays.toString(perm) + " lacks axis " + a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KerasTensor t && t.value.equals(value) && t.shape.equals(shape)
                && Arrays.equals(t.perm, perm) && java.util.Objects.equals(t.mask, mask);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value + shape + (isLogical() ? "" : Arrays.toString(perm)) + (mask == null ? "" : " mask " + mask);
    }
}
