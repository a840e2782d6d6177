package keras1j.fuzz;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import keras1j.errors.Keras1jException;
import keras1j.keras.io.KerasFiles;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Fuzz target: the HDF5 weights reader ({@code model.save_weights()} and {@code model.save()}
 * files), with a 64 MiB memory budget. Every outcome must be a weight store or a
 * {@link Keras1jException}.
 */
class Hdf5WeightsFuzzTest {
    /** Small, so that datasets claiming hundreds of MB are rejected at once instead of read. */
    private static final MemoryBudget BUDGET = MemoryBudget.ofBytes(64L << 20);

    @FuzzTest(maxDuration = "5m")
    void readWeights(byte[] data) {
        Path file = FuzzFiles.write(data);
        try {
            WeightStore store = BUDGET.within("reading weights", () -> KerasFiles.readWeights(file));
            for (String layer : store.layerNames()) {
                for (NamedWeight w : store.weights(layer)) {
                    if (w.value().size() != w.value().data().length) {
                        throw new AssertionError("weight " + w.name() + " has " + w.value().data().length
                                + " values for shape " + w.value());
                    }
                }
            }
        } catch (Keras1jException e) {
            Invariants.checkMessage(e);
        }
    }
}
