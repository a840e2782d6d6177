package keras1j.cli.io;

import java.io.Closeable;

/**
 * One input array of a prediction file, read sequentially in slices of rows (samples along axis 0)
 * and converted to float32. Memory held is one slice, never the whole array.
 *
 * <p>Not thread-safe: one reader is advanced by one thread. Different readers of one
 * {@link InputFile} may be used from different threads.
 */
public interface RowReader extends Closeable {
    /** The array's name in its file: the {@code .npz} entry or HDF5 dataset name, or the file name. */
    String name();

    /** Where the array is, for messages: e.g. {@code x.npz: entry 'input_1.npy'}. */
    String where();

    /** Number of rows (samples). */
    long rows();

    /** The shape of one row (the array shape without its first axis). */
    int[] sampleShape();

    /** The stored element type's NumPy name, for messages. */
    String typeName();

    /**
     * Reads the next {@code count} rows, row-major float32.
     *
     * @throws keras1j.errors.InvalidInputException naming the file and array if the data cannot be read
     *                                              (truncated, damaged, an integer without exact float32)
     */
    float[] next(int count);

    /** Releases the file resources of this reader; idempotent. */
    @Override
    void close();
}
