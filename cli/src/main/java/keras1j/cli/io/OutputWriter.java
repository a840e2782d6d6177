package keras1j.cli.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import keras1j.runtime.tensor.Tensor;

/**
 * Writes a prediction's outputs batch by batch into one (temporary) file; {@link StreamingPredict}
 * moves that file over the target once {@link #finish} returned. Not thread-safe.
 */
interface OutputWriter extends Closeable {
    /** Appends one batch: every output of the model, batch first, in sample order. */
    void write(Map<String, Tensor> batch) throws IOException;

    /** Completes the file; every sample must have been written. */
    void finish() throws IOException;

    /** Releases resources and deletes any intermediate files; idempotent. */
    @Override
    void close() throws IOException;

    /**
     * A writer of {@code format} into {@code file} for {@code rows} samples of the named outputs.
     *
     * @param target the final output path, for messages
     */
    static OutputWriter open(OutputFormat format, Path file, Path target, List<String> outputs, long rows)
            throws IOException {
        return switch (format) {
            case NPY -> new NpyOutputWriter(file, target.toString(), outputs.get(0), rows);
            case NPZ -> new NpzOutputWriter(file, target, outputs, rows);
            case HDF5 -> new Hdf5OutputWriter(file, target, outputs, rows);
        };
    }
}
