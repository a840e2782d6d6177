package keras1j.runtime.ir;

import java.util.List;

/**
 * Axis permutation: output axis {@code i} is input axis {@code perm[i]}. {@code perm[0]} must be 0
 * (the batch axis stays first).
 */
public record Transpose(int[] perm) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        AxisChecks.perAxis(this, inputs, in, "perm", perm, 0);
        boolean[] seen = new boolean[perm.length];
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] < 0 || perm[i] >= perm.length || seen[perm[i]]) {
                throw ShapeChecks.fail(this, inputs, "perm " + java.util.Arrays.toString(perm) + " is not a permutation");
            }
            seen[perm[i]] = true;
            out[i] = in.dim(perm[i]);
        }
        return Shape.of(out);
    }

    /** The permutation that undoes {@code perm}. */
    public static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    /** True when {@code perm} is the identity. */
    public static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }
}
