package keras1j.cli.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import keras1j.errors.InvalidInputException;

/**
 * Reads a {@code .npy} file by slices of rows with positional {@link FileChannel} reads: only the
 * current slice is in memory.
 *
 * <p>Not thread-safe (see {@link RowReader}).
 */
final class NpyRowReader implements RowReader {
    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;
    private final int[] sample;
    private final int sampleSize;
    private final long rows;
    private long next;

    private NpyRowReader(Path file, FileChannel channel, NpyHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.sample = Rows.sampleShape(header.shape(), where());
        this.sampleSize = Rows.sampleSize(sample);
        this.rows = header.shape()[0];
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws InvalidInputException naming the file if it is not a supported, complete {@code .npy}
     */
    static NpyRowReader open(Path file) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e, e);
        }
        try {
            InputStream in = Channels.newInputStream(channel);
            NpyHeader header = NpyHeader.read(in);
            long need = header.dataOffset() + header.dataBytes();
            long size = channel.size();
            if (size < need) {
                throw new InvalidInputException(file + " is truncated: its header announces shape "
                        + java.util.Arrays.toString(header.shape()) + " of " + header.type().numpyName() + " ("
                        + need + " bytes), the file has " + size);
            }
            return new NpyRowReader(file, channel, header);
        } catch (NpyHeader.Problem e) {
            close(channel);
            throw new InvalidInputException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            close(channel);
            throw new InvalidInputException("cannot read " + file + ": " + e, e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    @Override
    public String name() {
        return file.getFileName().toString();
    }

    @Override
    public String where() {
        return file.toString();
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public int[] sampleShape() {
        return sample.clone();
    }

    @Override
    public String typeName() {
        return header.type().numpyName();
    }

    @Override
    public float[] next(int count) {
        if (count < 0 || next + count > rows) {
            throw new IllegalArgumentException("rows " + next + "+" + count + " outside " + rows);
        }
        int elements = Rows.slice(count, sampleSize, where());
        int bytes = Rows.slice(elements, header.type().size(), where());
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        long position = header.dataOffset() + next * sampleSize * (long) header.type().size();
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new InvalidInputException(file + " is truncated: it ends inside row " + next + "-"
                            + (next + count - 1));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e, e);
        }
        buffer.flip();
        float[] out = new float[elements];
        try {
            header.type().decode(buffer, header.order(), out, 0, elements);
        } catch (ElementType.Problem e) {
            throw Decoding.error(where(), next, sampleSize, e);
        }
        next += count;
        return out;
    }

    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing was lost
        }
    }
}
