package keras1j.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.errors.Keras1jException;

class AtomicFilesTest {
    /** Size of the child's output: large, written slowly, so that the kill lands mid-write. */
    private static final int CHUNKS = 4000;
    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void temporaryFilesAreNamedAfterTheOwningProcess() throws IOException {
        Path out = dir.resolve("model.onnx");
        String[] seen = new String[1];
        AtomicFiles.write(out, temp -> {
            seen[0] = temp.getFileName().toString();
            Files.writeString(temp, "new");
        });
        assertTrue(seen[0].startsWith(".model.onnx.keras1j-" + ProcessHandle.current().pid() + "-"), seen[0]);
        assertTrue(seen[0].endsWith(".tmp"), seen[0]);
        assertEquals("new", Files.readString(out));
        assertEquals(List.of("model.onnx"), listing());
    }

    @Test
    void aWriteRemovesTheTemporaryFilesOfDeadProcessesOnly() throws IOException, InterruptedException {
        long dead = deadPid();
        long alive = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        Path out = dir.resolve("out.h5");
        Files.writeString(dir.resolve(".out.h5.keras1j-" + dead + "-abc.tmp"), "partial");
        Files.writeString(dir.resolve(".out.h5.keras1j-" + alive + "-def.tmp"), "in progress");
        Files.writeString(dir.resolve(".other.h5.keras1j-" + dead + "-ghi.tmp"), "another target's");
        Files.writeString(dir.resolve(".out.h5.keras1j-notapid-x.tmp"), "not ours");

        AtomicFiles.write(out, temp -> Files.writeString(temp, "done"));

        assertEquals(List.of(".other.h5.keras1j-" + dead + "-ghi.tmp", ".out.h5.keras1j-" + alive + "-def.tmp",
                ".out.h5.keras1j-notapid-x.tmp", "out.h5"), listing());
    }

    @Test
    void aFailureLeavesNoTemporaryFileAndTheTargetUnchanged() throws IOException {
        Path out = dir.resolve("out.h5");
        Files.writeString(out, "old");
        Keras1jException e = assertThrows(Keras1jException.class, () -> AtomicFiles.write(out, temp -> {
            Files.writeString(temp, "partial");
            throw new IOException("disk full");
        }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertThrows(OutOfMemoryError.class, () -> AtomicFiles.write(out, temp -> {
            Files.writeString(temp, "partial");
            throw new OutOfMemoryError("Java heap space");
        }));
        assertEquals("old", Files.readString(out));
        assertEquals(List.of("out.h5"), listing());
    }

    /**
     * A child JVM writing a large file is killed mid-write: the destination keeps its old complete
     * content, the child's temporary file is left, and the next write removes it.
     */
    @Test
    void aProcessKilledMidWriteLeavesTheTargetCompleteAndItsTemporaryFileIsRemovedByTheNextWrite()
            throws Exception {
        Path out = dir.resolve("big.bin");
        Files.writeString(out, "old complete content");
        Process child = startChild(out);
        try {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals("old complete content", Files.readString(out));
        List<String> left = listing();
        assertEquals(2, left.size(), left::toString);
        assertTrue(left.get(0).startsWith(".big.bin.keras1j-" + child.pid() + "-"), left::toString);
        assertTrue(Files.size(dir.resolve(left.get(0))) > 0);

        AtomicFiles.write(out, temp -> Files.writeString(temp, "next"));

        assertEquals(List.of("big.bin"), listing());
        assertEquals("next", Files.readString(out));
    }

    /** A JVM asked to stop (SIGTERM) mid-write deletes its temporary file on the way out. */
    @Test
    void aProcessTerminatedMidWriteRemovesItsOwnTemporaryFile() throws Exception {
        Path out = dir.resolve("big.bin");
        Process child = startChild(out);
        child.destroy();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), listing());
    }

    private static Process startChild(Path out) throws IOException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Child.class.getName(), out.toString())
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        if (!"writing".equals(line)) {
            child.destroyForcibly();
            throw new AssertionError("child did not start writing: " + line);
        }
        return child;
    }

    /** The child of the kill test: writes a large file slowly, saying when it has started. */
    public static final class Child {
        public static void main(String[] args) {
            AtomicFiles.write(Path.of(args[0]), temp -> {
                byte[] chunk = new byte[CHUNK];
                Arrays.fill(chunk, (byte) 'x');
                try (OutputStream o = Files.newOutputStream(temp)) {
                    for (int i = 0; i < CHUNKS; i++) {
                        o.write(chunk);
                        o.flush();
                        if (i == 8) {
                            System.out.println("writing");
                            System.out.flush();
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }
            });
        }
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).isPresent());
        return pid;
    }
}
