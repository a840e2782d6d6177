package keras1j.runtime.exec;

import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * A weight's values read for a step that keeps its own form of them (a packed or transformed copy):
 * {@link Tensor#readData()} does not keep a lazy weight's values in the graph, and what the read
 * counted in the memory budget's running total ({@link MemoryBudget#counted()}, e.g. a dataset read
 * from its file) is given back by {@link #release()} once the step is done with the values, so that
 * a compiled engine counts each weight once, in the form it keeps. A step that keeps the values
 * themselves (a large matrix read in place, a matrix packed in place) calls {@link #keep()} instead.
 * Immutable; one step's use.
 *
 * @param values  the weight's values (the tensor's array if it is in memory, else a fresh read)
 * @param counted bytes the read added to the running total
 * @param fresh   true if {@link #values} is a read of this step's own (the tensor does not hold it),
 *                which the step may therefore change (pack in place)
 */
record WeightRead(float[] values, long counted, boolean fresh) {

    /** Reads {@code weight}'s values, noting what the read counted and whether the array is the caller's. */
    static WeightRead of(Tensor weight) {
        long before = MemoryBudget.counted();
        float[] v = weight.readData();
        boolean fresh = !(weight.isLoaded() && weight.data() == v);
        return new WeightRead(v, Math.max(0, MemoryBudget.counted() - before), fresh);
    }

    /** The step no longer holds {@link #values}: gives back what their read counted. */
    void release() {
        MemoryBudget.release(counted);
    }

    /**
     * The step keeps {@link #values}: a fresh read stays counted once in full (counted now if its source
     * did not count it); the array of a tensor in memory is the graph's, shared, and not counted again.
     */
    void keep() {
        if (fresh) {
            MemoryBudget.take(Math.max(0, 4L * values.length - counted), "a weight of " + values.length + " values");
        }
    }
}
