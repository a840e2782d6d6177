package keras1j.keras.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;

/**
 * Replaces a file atomically: the content is written to a temporary file in the same directory,
 * which is then moved over the target in one step. A reader sees the old file or the complete new
 * one, never a partial file; on any failure the temporary file is deleted and the target is left
 * as it was.
 *
 * <p>Used by the HDF5 writers here and by the command line's NumPy and streaming writers, which write
 * their file incrementally through {@link Writer}.
 *
 * <p>Stateless; thread-safe (concurrent writers of the same target: the last move wins).
 */
public final class AtomicFiles {
    private static final int NAME_ATTEMPTS = 100;

    private AtomicFiles() {
    }

    /** Writes the whole content of a file at the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the content to {@code temp} (an existing empty file next to the target).
         *
         * @throws IOException on a write failure; the temporary file is then deleted
         */
        void write(Path temp) throws IOException;
    }

    /**
     * Writes {@code out} atomically with {@code writer}.
     *
     * @throws InvalidInputException if the directory of {@code out} does not exist or {@code out} is a
     *                               directory
     * @throws Keras1jException      naming {@code out} if writing or moving fails; the cause is kept
     */
    public static void write(Path out, Writer writer) {
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidInputException("cannot write " + out + ": directory " + dir + " does not exist");
        }
        if (Files.isDirectory(target)) {
            throw new InvalidInputException("cannot write " + out + ": it is a directory");
        }
        Path temp = createTemp(out, dir, target.getFileName().toString());
        try {
            writer.write(temp);
            move(temp, target);
        } catch (IOException e) {
            delete(temp, e);
            throw new Keras1jException("cannot write " + out + ": " + Hdf5Reading.describe(e), e);
        } catch (RuntimeException | Error e) {
            delete(temp, e);
            throw e;
        }
    }

    /**
     * Creates an empty temporary file next to the target. Not {@link Files#createTempFile}: that one
     * makes the file owner-only, which the moved result would keep.
     */
    private static Path createTemp(Path out, Path dir, String name) {
        IOException last = null;
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new Keras1jException("cannot write " + out + ": cannot create a temporary file in " + dir + ": "
                        + Hdf5Reading.describe(e), e);
            }
        }
        throw new Keras1jException("cannot write " + out + ": cannot create a temporary file in " + dir, last);
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // a file system without atomic rename: still never leave a partial target behind
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the temporary file after a failure; a failure to delete is attached to the first one. */
    private static void delete(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
