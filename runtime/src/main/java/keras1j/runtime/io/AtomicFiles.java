package keras1j.runtime.io;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;

/**
 * Replaces a file atomically: the content is written to a temporary file in the same directory,
 * which is then moved over the target in one step. A reader sees the old file or the complete new
 * one, never a partial file; on any failure the process survives the temporary file is deleted and
 * the target is left as it was.
 *
 * <p>A JVM that exits normally mid-write (e.g. on SIGTERM) deletes its temporary files in a shutdown
 * hook. A process killed outright cannot; so temporary files are named
 * after their owner, {@code .<target name>.keras1j-<pid>-<random>.tmp}, and every write to a target
 * first deletes the temporary files of that target whose process no longer exists.
 *
 * <p>Stateless; thread-safe (concurrent writers of the same target: the last move wins).
 */
public final class AtomicFiles {
    private static final int NAME_ATTEMPTS = 100;
    private static final String MARK = ".keras1j-";
    private static final long PID = ProcessHandle.current().pid();
    /** Temporary files being written; deleted by a shutdown hook if the JVM exits mid-write. */
    private static final Set<Path> ACTIVE = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Path p : ACTIVE) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        // the next write to the target removes it
                    }
                }
            }, "keras1j-temp-files"));
        } catch (IllegalStateException | SecurityException e) {
            // already shutting down: the next write to the target removes what is left
        }
    }

    private AtomicFiles() {
    }

    /** Writes the whole content of a file at the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
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
        String name = target.getFileName().toString();
        removeStale(dir, name);
        Path temp = createTemp(out, dir, name);
        ACTIVE.add(temp);
        try {
            writer.write(temp);
            move(temp, target);
        } catch (IOException e) {
            delete(temp, e);
            throw new Keras1jException("cannot write " + out + ": " + describe(e), e);
        } catch (RuntimeException | Error e) {
            delete(temp, e);
            throw e;
        } finally {
            ACTIVE.remove(temp);
        }
    }

    /** The temporary-file prefix for target {@code name}: {@code .<name>.keras1j-}. */
    static String prefix(String name) {
        return "." + name + MARK;
    }

    /**
     * Deletes the temporary files of target {@code name} in {@code dir} left by processes that no
     * longer exist (killed while writing). Best effort: a file that cannot be listed or deleted is
     * left alone.
     */
    static void removeStale(Path dir, String name) {
        String prefix = prefix(name);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, entry -> {
            String n = entry.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path entry : entries) {
                long pid = ownerPid(entry.getFileName().toString(), prefix);
                if (pid > 0 && pid != PID && ProcessHandle.of(pid).isEmpty()) {
                    try {
                        Files.deleteIfExists(entry);
                    } catch (IOException e) {
                        // another writer may be removing it too; nothing depends on it
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning up is a courtesy: never let it fail the write
        }
    }

    /** The pid in {@code <prefix><pid>-<random>.tmp}, or -1. */
    private static long ownerPid(String fileName, String prefix) {
        int dash = fileName.indexOf('-', prefix.length());
        if (dash < 0) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(prefix.length(), dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Creates an empty temporary file next to the target. Not {@link Files#createTempFile}: that one
     * makes the file owner-only, which the moved result would keep.
     */
    private static Path createTemp(Path out, Path dir, String name) {
        IOException last = null;
        for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
            Path temp = dir.resolve(prefix(name) + PID + "-"
                    + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                last = e;
            } catch (IOException e) {
                throw new Keras1jException("cannot write " + out + ": cannot create a temporary file in " + dir + ": "
                        + describe(e), e);
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

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
