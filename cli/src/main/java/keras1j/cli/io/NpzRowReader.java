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
final class NpzRowReader implements RowReader {
    private final String where;
    private final String name;
    private final InputStream in;
    private final NpyHeader header;
    private final int[] sample;
    private final int sampleSize;
    private final long rows;
    private long next;

    private NpzRowReader(String where, String name, InputStream in, NpyHeader header) {
        this.where = where;
        this.name = name;
        this.in = in;
        this.header = header;
        this.sample = Rows.sampleShape(header.shape(), where);
        this.sampleSize = Rows.sampleSize(sample);
        this.rows = header.shape()[0];
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
    public String name() {
        return name;
    }

    @Override
    public String where() {
        return where;
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
        int elements = Rows.slice(count, sampleSize, where);
        int bytes = Rows.slice(elements, header.type().size(), where);
        byte[] raw;
        try {
            raw = in.readNBytes(bytes);
        } catch (IOException e) {
            throw new InvalidInputException(where + ": cannot read samples " + next + "-" + (next + count - 1) + ": "
                    + e, e);
        }
        if (raw.length < bytes) {
            throw new InvalidInputException(where + " is truncated: it ends inside samples " + next + "-"
                    + (next + count - 1));
        }
        float[] out = new float[elements];
        try {
            header.type().decode(ByteBuffer.wrap(raw), header.order(), out, 0, elements);
        } catch (ElementType.Problem e) {
            throw Decoding.error(where, next, sampleSize, e);
        }
        next += count;
        return out;
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
