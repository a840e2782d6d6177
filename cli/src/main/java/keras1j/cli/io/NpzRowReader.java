package keras1j.cli.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import keras1j.errors.InvalidInputException;

/**
 * Reads one {@code .npy} entry of a {@code .npz} archive (stored or deflated) as a stream, slice by
 * slice: only the current slice is in memory, and every input of a model has its own stream open on
 * the same {@link ZipFile} at the same time.
 *
 * <p>Not thread-safe (see {@link RowReader}).
 */
final class NpzRowReader extends SlicedRowReader {
    private final InputStream in;
    private final NpyHeader header;

    private NpzRowReader(String where, String name, InputStream in, NpyHeader header) {
        super(where, name, header.shape(), header.type().numpyName());
        this.in = in;
        this.header = header;
    }

    /**
     * Opens entry {@code entry} of {@code zip} and reads its header.
     *
     * @param file  the archive, for messages
     * @param name  the array name (the entry name without {@code .npy})
     * @throws InvalidInputException naming the archive and entry if the entry is not a supported
     *                               {@code .npy}, is compressed with another method, or announces more
     *                               data than it holds
     */
    static NpzRowReader open(String file, ZipFile zip, ZipEntry entry, String name) {
        String where = file + ": entry '" + entry.getName() + "'";
        if (entry.getMethod() != ZipEntry.STORED && entry.getMethod() != ZipEntry.DEFLATED) {
            throw new InvalidInputException(where + ": compression method " + entry.getMethod()
                    + " is not supported (stored or deflated, as np.savez and np.savez_compressed write)");
        }
        InputStream in = null;
        try {
            in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16);
            NpyHeader header = NpyHeader.read(in);
            long size = entry.getSize();
            if (size >= 0 && size < header.dataOffset() + header.dataBytes()) {
                throw new InvalidInputException(where + " is truncated: its header announces shape "
                        + java.util.Arrays.toString(header.shape()) + " of " + header.type().numpyName() + " ("
                        + (header.dataOffset() + header.dataBytes()) + " bytes), the entry has " + size);
            }
            return new NpzRowReader(where, name, in, header);
        } catch (NpyHeader.Problem e) {
            closeQuietly(in);
            throw new InvalidInputException(where + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(in);
            throw new InvalidInputException(where + ": cannot read it: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    @Override
    float[] read(long first, int count, int elements) {
        int bytes = Rows.slice(elements, header.type().size(), where());
        byte[] raw;
        try {
            raw = in.readNBytes(bytes);
        } catch (IOException e) {
            throw new InvalidInputException(where() + ": cannot read samples " + first + "-" + (first + count - 1)
                    + ": " + e, e);
        }
        if (raw.length < bytes) {
            throw new InvalidInputException(where() + " is truncated: it ends inside samples " + first + "-"
                    + (first + count - 1));
        }
        return decode(header.type(), header.order(), ByteBuffer.wrap(raw), elements);
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // read-only: nothing was lost
            }
        }
    }
}
