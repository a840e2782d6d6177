package keras1j.cli.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;

/**
 * Writes {@code outputs/<name>} float32 datasets of an HDF5 file. jhdf 0.13 writes whole datasets
 * only, so the outputs (not the inputs) are collected in memory, one float array per output of
 * {@code rows x sample size} elements, and written by {@link #finish}: an HDF5 output costs
 * 4 bytes per output value of heap; {@code .npy}/{@code .npz} outputs stream to disk instead.
 * Not thread-safe.
 */
final class Hdf5OutputWriter implements OutputWriter {
    private final Path file;
    private final Path target;
    private final List<String> outputs;
    private final long rows;
    private final Map<String, float[]> data = new LinkedHashMap<>();
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private long written;

    Hdf5OutputWriter(Path file, Path target, List<String> outputs, long rows) {
        this.file = file;
        this.target = target;
        this.outputs = outputs;
        this.rows = rows;
    }

    @Override
    public void write(Map<String, Tensor> batch) {
        int n = -1;
        for (String name : outputs) {
            Tensor t = batch.get(name);
            if (t == null || t.rank() < 1) {
                throw new Keras1jException("cannot write " + target + ": the engine returned no batched output '" + name
                        + "'");
            }
            int[] shape = t.shape();
            if (!data.containsKey(name)) {
                int[] full = shape.clone();
                if (rows > Integer.MAX_VALUE) {
                    throw tooLarge(name, shape);
                }
                full[0] = (int) rows;
                long count = Tensor.elementCount(full);
                if (count > Rows.MAX_ARRAY) {
                    throw tooLarge(name, shape);
                }
                data.put(name, new float[(int) count]);
                shapes.put(name, full);
            }
            int[] full = shapes.get(name);
            if (!Arrays.equals(Arrays.copyOfRange(full, 1, full.length), Arrays.copyOfRange(shape, 1, shape.length))) {
                throw new Keras1jException("cannot write " + target + ": output '" + name
                        + "' changed its sample shape between batches");
            }
            float[] d = t.data();
            long offset = written * (d.length / Math.max(1, shape[0]));
            System.arraycopy(d, 0, data.get(name), (int) offset, d.length);
            n = shape[0];
        }
        written += n;
    }

    private InvalidInputException tooLarge(String name, int[] shape) {
        return new InvalidInputException("cannot write " + target + ": output '" + name + "' for " + rows
                + " samples of shape " + Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length))
                + " is too large for an HDF5 output, which is held in memory; write a .npy or .npz");
    }

    @Override
    public void finish() {
        if (written != rows) {
            throw new Keras1jException("cannot write " + target + ": " + written + " of " + rows + " samples written");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (String name : outputs) {
            tensors.put(name, Tensor.of(data.get(name), shapes.get(name)));
        }
        Hdf5Tensors.writeGroups(file, Map.of("outputs", tensors));
    }

    @Override
    public void close() {
        data.clear();
    }
}
