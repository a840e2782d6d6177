package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.tensor.Tensor;

/** Embedding lookup: validates every id, then copies table rows. Immutable; thread-safe. */
final class GatherStep extends Step {
    private final float[] table;
    private final int vocabulary;
    private final int width;
    private final int[] inSample;

    GatherStep(String name, Gather op, int[] inSample) {
        super(name);
        // kept as read: a lazy table is read once and not held by the graph too; a loaded one is shared (immutable)
        this.table = WeightRead.of(op.table()).values();
        this.vocabulary = op.table().dim(0);
        this.width = op.table().dim(1);
        this.inSample = inSample.clone();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] ids = in[0];
        int n = batch * Nd.product(inSample, 0, inSample.length);
        for (int i = 0; i < n; i++) {
            float v = ids[i];
            int id = (int) v;
            if (id != v || id < 0 || id >= vocabulary) {
                throw new InvalidInputException("node '" + name + "' (Gather): id " + v + " at index "
                        + Arrays.toString(Tensor.unflatten(i, Nd.withBatch(inSample, batch)))
                        + " is not a whole number in [0, " + vocabulary + ")");
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(table, (int) ids[i] * width, out, i * width, width);
        }
    }
}
