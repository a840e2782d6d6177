package keras1j.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One scratch file per thread that each fuzz input is written to: the readers under test take file
 * paths, as the library's users do.
 */
final class FuzzFiles {
    private static final Path DIR;

    static {
        try {
            Path shm = Path.of("/dev/shm");
            DIR = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                    : Path.of(System.getProperty("java.io.tmpdir")), "keras1j-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final ThreadLocal<Path> FILE = ThreadLocal.withInitial(() -> {
        Path p = DIR.resolve("input-" + Thread.currentThread().getId());
        p.toFile().deleteOnExit();
        return p;
    });

    private FuzzFiles() {
    }

    /** Writes {@code data} to this thread's scratch file and returns its path. */
    static Path write(byte[] data) {
        Path p = FILE.get();
        try {
            Files.write(p, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
