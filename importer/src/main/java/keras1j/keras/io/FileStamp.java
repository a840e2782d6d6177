package keras1j.keras.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Objects;

import keras1j.errors.InvalidModelException;

/**
 * What a file looked like when it was read (size, modification time, file key), so that a later
 * lazy read can tell whether the file was replaced or changed in between. Immutable; thread-safe.
 */
record FileStamp(Path file, long size, FileTime modified, Object key) {
    /** The current stamp of {@code file}. */
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(file, a.size(), a.lastModifiedTime(), a.fileKey());
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + Hdf5Reading.describe(e), e);
        }
    }

    /** @throws InvalidModelException naming the file if it changed since this stamp was taken */
    void check() {
        FileStamp now = of(file);
        if (now.size != size || !now.modified.equals(modified) || !Objects.equals(now.key, key)) {
            throw new InvalidModelException(file + " changed since the model was imported (its large weights are read"
                    + " when first used): import the model again");
        }
    }
}
