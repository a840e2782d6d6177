package keras1j.runtime.exec;

/**
 * One planned node: an op compiled for fixed sample shapes (any batch), with its weights already
 * packed. Immutable after construction and safe to run from concurrent calls.
 */
abstract class Step {
    /** The node name, for error messages. */
    final String name;

    Step(String name) {
        this.name = name;
    }

    /**
     * Computes the node's value for {@code batch} samples.
     *
     * @param in    the input values (never modified unless {@code out == in[0]})
     * @param out   the output buffer of exactly the output size, stale contents; every element must be written
     * @param fused an activation to apply to the result, or {@code null}; only passed when {@link #fusesActivation()}
     */
    abstract void run(Exec exec, int batch, float[][] in, float[] out, Act fused);

    /** A short description of what {@link #run} does at {@code batch} (for per-step timings). */
    String describe(int batch, Act fused) {
        String kind = getClass().getSimpleName();
        kind = kind.endsWith("Step") ? kind.substring(0, kind.length() - 4) : kind;
        return fused == null ? kind : kind + "+" + fused.name();
    }

    /** True if {@link #run} is correct with {@code out == in[0]} (element-wise ops). */
    boolean inPlace() {
        return false;
    }

    /** True if {@link #run} applies a following activation in its epilogue. */
    boolean fusesActivation() {
        return false;
    }

    /**
     * True if {@link #run} can add a second, same-shaped value to its result before the fused activation
     * (the other input of a residual sum that the schedule folded into this step): it is then
     * passed as {@code in[1]}, which aliases {@code out} only where {@link #addsInPlace} allows it.
     */
    boolean fusesAdd() {
        return false;
    }

    /**
     * True if {@link #run} at {@code batch} is also correct with {@code out == in[1]}, the addend of a
     * fused residual sum ({@link #fusesAdd()}): the step then accumulates its result onto the addend's
     * array, which the engine hands over when the sum is the addend's last reader, so that the sum
     * needs neither a fresh output array nor a second read of the addend.
     */
    boolean addsInPlace(int batch) {
        return false;
    }

    /** True if the output is the input array itself, unchanged (a reshape); {@link #run} is not called. */
    boolean aliasesInput() {
        return false;
    }
}
