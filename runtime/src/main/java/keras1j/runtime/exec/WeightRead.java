package keras1j.runtime.exec;

import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * A weight's values read for a step that keeps its own form of them (a packed or transformed copy):
 * {@link Tensor#readData()} does not keep a lazy weight's values in the graph, and what the read
 * counted in the memory budget's running total ({@link MemoryBudget#counted()}, e.g. a dataset read
 * from its file) is given back by {@link #release()} once the step is done with the values, so that
 * a compiled engine counts each weight once, in the form it keeps. A step that keeps the values
 * themselves (a large matrix read in place) does not release them. Immutable; one step's use.
 *
 * @param values  the weight's values (the tensor's array if it is in memory, else a fresh read)
 * @param counted bytes the read added to the running total
 */
record WeightRead(float[] values, long counted) {

    /** Reads {@code weight}'s values, noting what the read counted. */
    static WeightRead of(Tensor weight) {
        long before = MemoryBudget.counted();
        float[] v = weight.readData();
        return new WeightRead(v, Math.max(0, MemoryBudget.counted() - before));
    }

    /** The step no longer holds {@link #values}: gives back what their read counted. */
    void release() {
        MemoryBudget.release(counted);
    }
}
