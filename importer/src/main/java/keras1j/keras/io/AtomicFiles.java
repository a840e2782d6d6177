package keras1j.keras.io;

import java.io.IOException;
import java.nio.file.Path;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;

/**
 * Replaces a file atomically, for the importer's writers: see {@link keras1j.runtime.io.AtomicFiles}
 * (temporary file beside the target, named after the owning process, moved over the target in one
 * step; temporary files of dead processes removed by the next write).
 *
 * <p>Stateless; thread-safe.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the whole content of a file at the given (temporary) path. */
    @FunctionalInterface
    interface Writer {
        void write(Path temp) throws IOException;
    }

    /**
     * Writes {@code out} atomically with {@code writer}.
     *
     * @throws InvalidInputException if the directory of {@code out} does not exist or {@code out} is a
     *                               directory
     * @throws Keras1jException      naming {@code out} if writing or moving fails; the cause is kept
     */
    static void write(Path out, Writer writer) {
        keras1j.runtime.io.AtomicFiles.write(out, writer::write);
    }
}
