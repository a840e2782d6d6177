package keras1j.cli;

import static keras1j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keras1j predict} with NumPy files and batches, as scripts see it: exit codes and streams. */
class PredictFilesCliTest {
    private static final Path MNIST = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");
    private static final Path TWO_IO = Path.of("..", "fixtures", "keras1", "two_inputs_two_outputs");

    @Test
    void predictsHdf5IntoNpyAndNpzInBatchesWithNothingOnStderr(@TempDir Path tmp) {
        for (String name : new String[] {"y.npy", "y.npz", "y.hdf5"}) {
            CliRun r = run("predict", MNIST.resolve("model.h5").toString(), "--input", MNIST.resolve("io.h5").toString(),
                    "--output", tmp.resolve(name).toString(), "--batch-size", "1");
            assertEquals(0, r.code(), r.err());
            assertEquals("", r.err(), "no progress bar when stderr is not a terminal");
            assertTrue(r.out().contains("activation_4 [2, 5]"), r.out());
            assertTrue(Files.exists(tmp.resolve(name)));
        }
        CliRun quiet = run("predict", MNIST.resolve("model.h5").toString(), "--input", MNIST.resolve("io.h5").toString(),
                "--output", tmp.resolve("q.npy").toString(), "--no-progress");
        assertEquals(0, quiet.code(), quiet.err());
    }

    @Test
    void unknownOutputExtensionIsExitTwoAndWritesNothing(@TempDir Path tmp) {
        CliRun r = run("predict", MNIST.resolve("model.h5").toString(), "--input", MNIST.resolve("io.h5").toString(),
                "--output", tmp.resolve("y.csv").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown extension; use .npy (one output), .npz or .h5/.hdf5"), r.err());
        assertFalse(Files.exists(tmp.resolve("y.csv")));
    }

    @Test
    void npyOutputOfATwoOutputModelIsExitTwoNamingTheOutputs(@TempDir Path tmp) {
        CliRun r = run("predict", TWO_IO.resolve("model.h5").toString(), "--input", TWO_IO.resolve("io.h5").toString(),
                "--output", tmp.resolve("y.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("[class_out, mask_out]"), r.err());
    }

    @Test
    void badBatchSizeIsAUsageError(@TempDir Path tmp) {
        for (String b : new String[] {"0", "-3", "many"}) {
            CliRun r = run("predict", MNIST.resolve("model.h5").toString(), "--input", MNIST.resolve("io.h5").toString(),
                    "--output", tmp.resolve("y.npy").toString(), "--batch-size", b);
            assertEquals(2, r.code(), b);
            assertTrue(r.err().contains("--batch-size"), r.err());
        }
    }

    @Test
    void malformedNpyInputIsExitTwoNamingTheFile(@TempDir Path tmp) throws IOException {
        Path bad = Files.write(tmp.resolve("x.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 9, 0});
        CliRun r = run("predict", MNIST.resolve("model.h5").toString(), "--input", bad.toString(), "--output",
                tmp.resolve("y.npy").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(bad + ": unsupported .npy format version 9.0"), r.err());
    }

    @Test
    void verifyDirAndBenchTakeNoProgress() {
        CliRun v = run("verify", MNIST.getParent().toString(), "--no-progress", "--help-not-an-option");
        assertEquals(2, v.code(), "unknown options are still refused");
        CliRun b = run("bench", MNIST.resolve("model.h5").toString(), "--no-progress", "--warmup-seconds", "0",
                "--seconds", "0.1");
        assertEquals(0, b.code(), b.err());
        assertEquals("", b.err());
        assertTrue(b.out().contains("throughput"), b.out());
    }
}
