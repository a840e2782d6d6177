package keras1j.keras;

import java.util.Arrays;

/**
 * Where a Keras layer's output (its first use) lives in the IR graph.
 *
 * @param value   the IR value name holding it
 * @param toKeras the permutation (IR {@code Transpose} semantics: output axis {@code i} is value
 *                axis {@code toKeras[i]}) that turns the value into the Keras layout, or {@code null}
 *                when the value already is in Keras layout
 */
public record LayerTap(String value, int[] toKeras) {
    public LayerTap {
        toKeras = toKeras == null ? null : toKeras.clone();
    }

    @Override
    public int[] toKeras() {
        return toKeras == null ? null : toKeras.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerTap t && t.value.equals(value) && Arrays.equals(t.toKeras, toKeras);
    }

    @Override
    public int hashCode() {
        return value.hashCode() * 31 + Arrays.hashCode(toKeras);
    }

    @Override
    public String toString() {
        return "LayerTap[value=" + value + ", toKeras=" + Arrays.toString(toKeras) + "]";
    }
}
