package keras1j.cli;

import static keras1j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** {@code --max-memory}: the memory budget of a whole command. */
class MaxMemoryOptionTest {
    private static final Path MNIST = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");

    @Test
    void aBudgetTooSmallForTheWeightsIsExitThreeSayingWhatNeededHowMuch() {
        // the small MNIST CNN of the fixtures holds 1,313 weights (5,252 bytes)
        CliRun r = run("summary", MNIST.resolve("model.h5").toString(), "--max-memory", "2k");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("the memory budget of 2.0 KiB"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aSufficientBudgetChangesNothing() {
        CliRun r = run("verify", MNIST.resolve("model.h5").toString(), "--io", MNIST.resolve("io.h5").toString(),
                "--max-memory=256m");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aBadSizeIsAUsageError() {
        for (String bad : new String[] {"lots", "-1g", "0"}) {
            CliRun r = run("summary", MNIST.resolve("model.h5").toString(), "--max-memory", bad);
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().startsWith("keras1j: --max-memory: "), r.err());
        }
        assertEquals(2, run("summary", MNIST.resolve("model.h5").toString(), "--max-memory").code());
    }
}
