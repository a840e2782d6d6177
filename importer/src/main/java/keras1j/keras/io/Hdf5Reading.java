package keras1j.keras.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfInvalidPathException;
import keras1j.errors.Keras1jException;
import keras1j.errors.ResourceLimitException;

/**
 * Opens HDF5 files for reading, and turns every failure of the file system or of jhdf into a
 * {@link Keras1jException} that names the file. jhdf reports damaged files with many unchecked
 * exceptions (its own {@code HdfException}, buffer underflows, illegal arguments, null pointers from
 * deep inside, and out-of-memory errors for absurd sizes read from damaged headers), so every jhdf
 * call made under {@link #read} is guarded as a whole.
 *
 * <p>Stateless; thread-safe.
 */
final class Hdf5Reading {
    /** The 8-byte HDF5 format signature. */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** The first offset after 0 where the superblock may sit behind a user block; then doubling. */
    private static final long FIRST_USER_BLOCK_OFFSET = 512;

    private Hdf5Reading() {
    }

    /** What a file holds, judged from its first bytes. */
    enum Content {
        EMPTY, HDF5, OTHER
    }

    /**
     * Opens {@code file}, applies {@code body} and closes the file. Everything {@code body} needs
     * must be read inside it: jhdf reads lazily.
     *
     * @throws Keras1jException of {@code kind} naming the file if it is missing, unreadable, not
     *                          HDF5, or damaged
     */
    static <T> T read(Path file, FileKind kind, Function<HdfFile, T> body) {
        Content content = sniff(file, kind);
        if (content == Content.EMPTY) {
            throw kind.error(file + " is empty: expected an HDF5 file");
        }
        if (content != Content.HDF5) {
            throw kind.error(file + " is not an HDF5 file (no HDF5 signature at offset 0 or at a user-block offset)");
        }
        try (HdfFile hdf = new HdfFile(file)) {
            checkComplete(file, kind, hdf);
            return body.apply(hdf);
        } catch (Keras1jException e) {
            throw e;
        } catch (Hdf5Values.Problem e) {
            throw kind.error(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw kind.error(file + ": cannot read HDF5 file, it is truncated or damaged (" + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file, kind, "", e);
        } catch (StackOverflowError e) {
            throw tooDeep(file, kind, "", e);
        }
    }

    /**
     * Rejects a file shorter than its superblock's end-of-file address, as the HDF5 library does
     * ("truncated file"): jhdf would otherwise read zeros or garbage past the end of some objects.
     */
    private static void checkComplete(Path file, FileKind kind, HdfFile hdf) {
        Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
        long size = hdf.size();
        long end = superblock.getEndOfFileAddress();
        if (end > 0 && size + superblock.getBaseAddressByte() < end) {
            throw kind.error(file + " is truncated: its HDF5 superblock records " + end + " bytes, the file has "
                    + size);
        }
    }

    /**
     * Runs one jhdf access of a larger read, so that a failure names the object being read, e.g.
     * {@code layer 'dense_1': weight 'dense_1_W'}.
     */
    static <T> T guard(Path file, FileKind kind, Supplier<String> where, Supplier<T> access) {
        try {
            return access.get();
        } catch (ResourceLimitException e) {
            throw new ResourceLimitException(file + ": " + e.getMessage(), e);
        } catch (Keras1jException e) {
            throw e;
        } catch (Hdf5Values.Problem e) {
            throw kind.error(file + ": " + where.get() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw kind.error(file + ": " + where.get() + ": cannot read it, the file is truncated or damaged ("
                    + describe(e) + ")", e);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(file, kind, where.get() + ": ", e);
        } catch (StackOverflowError e) {
            throw tooDeep(file, kind, where.get() + ": ", e);
        }
    }

    /**
     * jhdf follows a file's links (object header continuations, group and B-tree nodes) recursively:
     * a damaged file whose links form a cycle, or nest without end, overflows the stack. Found by the
     * HDF5 fuzz target; reported as a damaged file.
     */
    private static Keras1jException tooDeep(Path file, FileKind kind, String where, StackOverflowError e) {
        return kind.error(file + ": " + where + "cannot read it: its HDF5 structure nests too deeply or links back"
                + " to itself (the file is damaged)", e);
    }

    /**
     * Classifies a file by content: HDF5 when the signature is at offset 0, 512, 1024, 2048, ...
     * (the superblock follows a user block of a power-of-two size of at least 512 bytes).
     *
     * @throws Keras1jException of {@code kind} naming the file if it is missing or unreadable
     */
    static Content sniff(Path file, FileKind kind) {
        checkReadable(file, kind);
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long size = channel.size();
            if (size == 0) {
                return Content.EMPTY;
            }
            for (long offset = 0; offset + SIGNATURE.length <= size;
                    offset = offset == 0 ? FIRST_USER_BLOCK_OFFSET : offset * 2) {
                if (Arrays.equals(readAt(channel, offset, SIGNATURE.length), SIGNATURE)) {
                    return Content.HDF5;
                }
            }
            return Content.OTHER;
        } catch (IOException e) {
            throw kind.error("cannot read " + file + ": " + describe(e), e);
        }
    }

    /** The first {@code n} bytes of a file, fewer if it is shorter; for telling JSON from other text. */
    static byte[] head(Path file, FileKind kind, int n) {
        checkReadable(file, kind);
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw kind.error("cannot read " + file + ": " + describe(e), e);
        }
    }

    /**
     * @throws Keras1jException of {@code kind} naming the path if it is missing, a directory or not
     *                          readable
     */
    static void checkReadable(Path file, FileKind kind) {
        if (!Files.exists(file)) {
            throw kind.error("file not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw kind.error(file + " is a directory, expected a file");
        }
        if (!Files.isReadable(file)) {
            throw kind.error("cannot read " + file + ": permission denied");
        }
    }

    private static byte[] readAt(SeekableByteChannel channel, long offset, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        channel.position(offset);
        int read;
        do {
            read = channel.read(buffer);
        } while (read >= 0 && buffer.hasRemaining());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    /**
     * jhdf allocates one buffer of the size a damaged header claims (up to 2 GiB), which fails at
     * once without filling the heap; report it as a bad file rather than let it stop the program.
     * A genuinely large file that does not fit fails the same way, hence the wording.
     */
    private static Keras1jException outOfMemory(Path file, FileKind kind, String where, OutOfMemoryError e) {
        return kind.error(file + ": " + where + "out of memory while reading it: the file is damaged, or too large for"
                + " the Java heap (-Xmx, now " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB)", e);
    }

    /**
     * The node at {@code path} relative to {@code group} ('/'-separated, as h5py stores names that
     * contain '/'; "" is the group itself), or null if there is none.
     */
    static Node find(Group group, String path) {
        if (path.isEmpty()) {
            return group;
        }
        try {
            return group.getByPath(path);
        } catch (HdfInvalidPathException e) {
            return null;
        }
    }

    /** A one-line description of a cause: its type and message. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
