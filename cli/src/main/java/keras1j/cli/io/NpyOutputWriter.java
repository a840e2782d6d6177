package keras1j.cli.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

import keras1j.errors.Keras1jException;
import keras1j.runtime.tensor.Tensor;

/**
 * Writes one output as a {@code .npy} ({@code <f4}, C order) incrementally: the header with the final
 * shape {@code [rows, ...]} goes first (the sample count is known before predicting, the sample shape
 * from the first batch), then each batch is appended. Memory: one batch. Not thread-safe.
 */
final class NpyOutputWriter implements OutputWriter {
    private static final int CHUNK = 1 << 16;
    private final FileChannel channel;
    private final String where;
    private final String output;
    private final long rows;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private int[] sample;
    private long written;

    NpyOutputWriter(Path file, String where, String output, long rows) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.CREATE);
        this.where = where;
        this.output = output;
        this.rows = rows;
    }

    @Override
    public void write(Map<String, Tensor> batch) throws IOException {
        append(batch.get(output));
    }

    /** Appends the samples of {@code t}, whose first axis is the batch. */
    void append(Tensor t) throws IOException {
        if (t == null || t.rank() < 1) {
            throw new Keras1jException("cannot write " + where + ": the engine returned no batched output '" + output
                    + "'");
        }
        int[] shape = t.shape();
        int[] s = Arrays.copyOfRange(shape, 1, shape.length);
        if (sample == null) {
            sample = s;
            long[] full = new long[shape.length];
            full[0] = rows;
            for (int i = 1; i < shape.length; i++) {
                full[i] = shape[i];
            }
            writeFully(ByteBuffer.wrap(NpyHeader.encode(ElementType.FLOAT32, ByteOrder.LITTLE_ENDIAN, full)));
        } else if (!Arrays.equals(sample, s)) {
            throw new Keras1jException("cannot write " + where + ": output '" + output + "' changed its sample shape from "
                    + Arrays.toString(sample) + " to " + Arrays.toString(s) + " between batches");
        }
        if (written + shape[0] > rows) {
            throw new Keras1jException("cannot write " + where + ": more than " + rows + " samples of '" + output + "'");
        }
        float[] data = t.data();
        for (int off = 0; off < data.length; off += CHUNK) {
            int n = Math.min(CHUNK, data.length - off);
            buffer.clear();
            buffer.asFloatBuffer().put(data, off, n);
            buffer.limit(n * Float.BYTES);
            writeFully(buffer);
        }
        written += shape[0];
    }

    private void writeFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    @Override
    public void finish() throws IOException {
        if (written != rows) {
            throw new Keras1jException("cannot write " + where + ": " + written + " of " + rows + " samples of '"
                    + output + "' were written");
        }
        channel.force(false);
        channel.close();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
