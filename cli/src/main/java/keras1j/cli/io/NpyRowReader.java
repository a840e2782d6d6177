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
final class NpyRowReader extends SlicedRowReader {
    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;

    private NpyRowReader(Path file, FileChannel channel, NpyHeader header) {
        super(file.toString(), file.getFileName().toString(), header.shape(), header.type().numpyName());
        this.file = file;
        this.channel = channel;
        this.header = header;
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
    float[] read(long first, int count, int elements) {
        int bytes = Rows.slice(elements, header.type().size(), where());
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        long position = header.dataOffset() + first * sampleSize * (long) header.type().size();
        try {
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, position + buffer.position());
                if (n < 0) {
                    throw new InvalidInputException(file + " is truncated: it ends inside row " + first + "-"
                            + (first + count - 1));
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e, e);
        }
        buffer.flip();
        return decode(header.type(), header.order(), buffer, elements);
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
