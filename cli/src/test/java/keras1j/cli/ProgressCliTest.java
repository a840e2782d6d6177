package keras1j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.cli.io.Progress;
import keras1j.cli.io.Terminal;
import keras1j.cli.io.TerminalProgress;
import keras1j.cli.io.WeightsBar;

/**
 * The progress of the weights read by predict, verify, export and bench: a bar on a terminal's
 * stderr (never on stdout), nothing with {@code --no-progress}, nothing when stderr is no terminal.
 */
class ProgressCliTest {
    private static final Path MNIST = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");

    /** {@code p}, showing the weights of any size (the fixtures' are far below {@link WeightsBar#LARGE_BYTES}). */
    private static Progress anyWeights(Progress p) {
        return new Progress() {
            @Override
            public Task start(String label, long total, String unit) {
                return p.start(label, total, unit);
            }

            @Override
            public WeightsBar weights(String label) {
                return WeightsBar.on(this, label, 0);
            }
        };
    }

    /** Stderr as a terminal: bars drawn into the captured text when the command enables them. */
    private static Function<Boolean, Progress> terminal(PrintStream err) {
        return enabled -> anyWeights(enabled ? TerminalProgress.on(err, System::nanoTime, 80) : Progress.silent());
    }

    private static String mnist(String file) {
        return MNIST.resolve(file).toString();
    }

    /**
     * A dense layer of 200 x 100 weights: large enough for the export to stream them (the fixtures'
     * small weights are written at once, and reported as nothing).
     */
    private static String wideDense(Path tmp) throws IOException {
        return Files.writeString(tmp.resolve("wide.json"), "{\"class_name\": \"Sequential\", \"config\": [{"
                + "\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"trainable\": true, "
                + "\"batch_input_shape\": [null, 200], \"input_dtype\": \"float32\", \"output_dim\": 100, "
                + "\"init\": \"glorot_uniform\", \"activation\": \"linear\", \"W_regularizer\": null, "
                + "\"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": null, "
                + "\"b_constraint\": null, \"bias\": true, \"input_dim\": 200}}], \"keras_version\": \"1.2.2\"}")
                .toString();
    }

    /** Every command that reads weights, each writing into {@code tmp}. */
    private static List<List<String>> commands(Path tmp) throws IOException {
        return List.of(
                List.of("predict", mnist("model.h5"), "--input", mnist("io.h5"), "--output",
                        tmp.resolve("y.npy").toString()),
                List.of("verify", mnist("model.h5"), "--io", mnist("io.h5")),
                List.of("export", wideDense(tmp), "--random-weights", "7", "--onnx", tmp.resolve("m.onnx").toString()),
                List.of("bench", mnist("model.h5"), "--warmup-seconds", "0", "--seconds", "0.05"),
                List.of("bench", wideDense(tmp), "--random-weights", "7", "--warmup-seconds", "0", "--seconds", "0.05",
                        "--engine", "onnxruntime"));
    }

    @Test
    void onATerminalTheWeightsBarGoesToStderrOnly(@TempDir Path tmp) throws IOException {
        for (List<String> argv : commands(tmp)) {
            CliRun r = CliRun.run(ProgressCliTest::terminal, argv.toArray(String[]::new));
            assertEquals(0, r.code(), argv + ": " + r.err());
            assertTrue(r.err().contains("weights 100% [") && r.err().contains(" 1/1 MiB "), argv + ": " + r.err());
            assertFalse(r.out().contains("weights") || r.out().contains("\r"), argv + " stdout: " + r.out());
        }
    }

    @Test
    void noProgressKeepsATerminalQuiet(@TempDir Path tmp) throws IOException {
        for (List<String> argv : commands(tmp)) {
            List<String> quiet = new ArrayList<>(argv);
            quiet.add("--no-progress");
            CliRun r = CliRun.run(ProgressCliTest::terminal, quiet.toArray(String[]::new));
            assertEquals(0, r.code(), quiet + ": " + r.err());
            assertEquals("", r.err(), quiet.toString());
        }
    }

    @Test
    void stderrThatIsNoTerminalGetsNoBar(@TempDir Path tmp) throws IOException {
        assumeFalse(Terminal.isInteractive(), "the tests run on a terminal");
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (List<String> argv : commands(tmp)) {
                // the real choice (Progress.auto on System.err), with weights of any size shown if it chose a bar
                int code = Main.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                        enabled -> anyWeights(Progress.auto(System.err, enabled))).execute(argv.toArray(String[]::new));
                assertEquals(0, code, argv + ": " + err);
            }
            assertEquals(0, Main.run(commands(tmp).get(0).toArray(String[]::new),
                    new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
        } finally {
            System.setErr(saved);
        }
        String text = err.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("weights") || text.contains("\r") || text.contains("predict"), text);
    }

    @Test
    void anExportOfSmallWeightsStreamsNoneAndShowsNoBar(@TempDir Path tmp) {
        CliRun r = CliRun.run(ProgressCliTest::terminal, "export", mnist("model.h5"), "--onnx",
                tmp.resolve("m.onnx").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "the fixture's weights are written with the model's structure, not streamed");
        CliRun bench = CliRun.run(ProgressCliTest::terminal, "bench", mnist("model.h5"), "--warmup-seconds", "0",
                "--seconds", "0.05", "--engine", "onnxruntime");
        assertEquals(0, bench.code(), bench.err());
        assertFalse(bench.err().contains("weights"), bench.err());
    }
}
