package keras1j.cli;

import static keras1j.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import keras1j.runtime.Keras1jVersion;

/**
 * The command line as an installed tool: --version and --help everywhere, every option listed,
 * option values range-checked at parse time (exit 2, one line), models without weights refused
 * unless random weights are asked for, verify DIR failing when no case ran.
 */
class CommandLineTest {
    private static final Path MNIST = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");
    private static final Path VARLEN = Path.of("..", "fixtures", "keras1", "conv1d_varlen_inputdim");
    private static final String[] COMMANDS = {"summary", "predict", "verify", "export", "bench"};

    private static String mnist(String file) {
        return MNIST.resolve(file).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--version", "-V"})
    void versionPrintsTheReleaseAndExitsZero(String flag) {
        CliRun r = run(flag);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("keras1j " + Keras1jVersion.current() + System.lineSeparator()), r.out());
        assertEquals("0.2.0", Keras1jVersion.current());
        assertTrue(r.out().contains("engines: java, onnxruntime"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-h", "--help", "help"})
    void toolHelpListsEveryCommandAndExitsZero(String flag) {
        CliRun r = run(flag);
        assertEquals(0, r.code(), r.err());
        for (String c : COMMANDS) {
            assertTrue(r.out().contains("  " + c + " "), c + " in\n" + r.out());
        }
        assertEquals("", r.err());
    }

    static Stream<Arguments> commandsAndHelpFlags() {
        List<Arguments> list = new ArrayList<>();
        for (String c : COMMANDS) {
            for (String flag : new String[] {"-h", "--help"}) {
                list.add(Arguments.of(c, flag));
            }
            list.add(Arguments.of(c, "--version"));
        }
        return list.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("commandsAndHelpFlags")
    void everyCommandTakesHelpAndVersion(String command, String flag) {
        CliRun r = run(command, flag);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(flag.equals("--version") ? "keras1j " + Keras1jVersion.current()
                : "Usage: keras1j " + command), r.out());
    }

    @Test
    void helpOfACommandAfterItsArgumentsStillWins() {
        assertEquals(0, run("predict", mnist("model.h5"), "--help").code());
    }

    static Stream<Arguments> optionsOfEachCommand() {
        List<String> model = List.of("--weights", "--backend", "--dim-ordering", "--input-shape", "--random-weights",
                "--debug");
        List<String> engine = List.of("--engine", "--threads", "--opset");
        return Stream.of(
                Arguments.of("summary", model),
                Arguments.of("predict", concat(model, engine, List.of("--input", "--output", "--no-progress"))),
                Arguments.of("verify", concat(model, engine, List.of("--io", "--rtol", "--atol", "--summary",
                        "--no-progress"))),
                Arguments.of("export", concat(model, List.of("--onnx", "--opset", "--no-progress"))),
                Arguments.of("bench", concat(model, engine, List.of("--batch", "--warmup-seconds", "--seconds",
                        "--no-progress"))));
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optionsOfEachCommand")
    void helpListsEveryOption(String command, List<String> options) {
        String help = run(command, "--help").out();
        for (String o : options) {
            assertTrue(help.contains(o + "=") || help.contains(o + " ") || help.contains(o + ","),
                    command + " --help lacks " + o + ":\n" + help);
        }
    }

    static Stream<Arguments> badOptionValues() {
        String h5 = mnist("model.h5");
        String io = mnist("io.h5");
        return Stream.of(
                Arguments.of("threads 0", List.of("bench", h5, "--threads", "0")),
                Arguments.of("threads 2^31-1", List.of("bench", h5, "--threads", "2147483647")),
                Arguments.of("verify threads -3", List.of("verify", h5, "--io", io, "--threads", "-3")),
                Arguments.of("predict threads 5000", List.of("predict", h5, "--input", io, "--output", "o.h5",
                        "--threads", "5000")),
                Arguments.of("threads not a number", List.of("bench", h5, "--threads", "many")),
                Arguments.of("batch 0", List.of("bench", h5, "--batch", "0")),
                Arguments.of("batch 2^31-1", List.of("bench", h5, "--batch", "2147483647")),
                Arguments.of("batch 2^20+1", List.of("bench", h5, "--batch", "1048577")),
                Arguments.of("atol -1", List.of("verify", h5, "--io", io, "--atol", "-1")),
                Arguments.of("rtol NaN", List.of("verify", h5, "--io", io, "--rtol", "NaN")),
                Arguments.of("atol Infinity", List.of("verify", h5, "--io", io, "--atol", "Infinity")),
                Arguments.of("seconds -1", List.of("bench", h5, "--seconds", "-1")),
                Arguments.of("seconds 0", List.of("bench", h5, "--seconds", "0")),
                Arguments.of("seconds NaN", List.of("bench", h5, "--seconds", "NaN")),
                Arguments.of("warmup-seconds -1", List.of("bench", h5, "--warmup-seconds", "-1")),
                Arguments.of("export opset 99", List.of("export", h5, "--onnx", "m.onnx", "--opset", "99")),
                Arguments.of("export opset 12", List.of("export", h5, "--onnx", "m.onnx", "--opset", "12")),
                Arguments.of("verify opset 18", List.of("verify", h5, "--io", io, "--opset", "18")),
                Arguments.of("predict opset 99", List.of("predict", h5, "--input", io, "--output", "o.h5",
                        "--opset", "99")),
                Arguments.of("bench opset 9", List.of("bench", h5, "--opset", "9")),
                Arguments.of("unknown engine", List.of("bench", h5, "--engine", "tpu")),
                Arguments.of("unknown backend", List.of("summary", h5, "--backend", "cntk")),
                Arguments.of("unknown dim ordering", List.of("summary", h5, "--dim-ordering", "xy")),
                Arguments.of("input shape without sizes", List.of("summary", h5, "--input-shape", "x=")),
                Arguments.of("input shape zero", List.of("summary", h5, "--input-shape", "x=3,0")),
                Arguments.of("input shape not numbers", List.of("summary", h5, "--input-shape", "x=a,b")),
                Arguments.of("random weights not a number", List.of("summary", h5, "--random-weights", "x")),
                Arguments.of("export to a missing folder", List.of("export", h5, "--onnx", "no/such/dir/m.onnx")),
                Arguments.of("predict to a missing folder", List.of("predict", h5, "--input", io, "--output",
                        "no/such/dir/o.h5")),
                Arguments.of("export onto a folder", List.of("export", h5, "--onnx", ".")),
                Arguments.of("missing required option", List.of("export", h5)),
                Arguments.of("unknown option", List.of("summary", h5, "--colour", "red")),
                Arguments.of("unknown command", List.of("frobnicate")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOptionValues")
    void badOptionValueIsAUsageErrorOnOneLine(String what, List<String> argv) {
        CliRun r = run(argv.toArray(String[]::new));
        assertEquals(2, r.code(), what + ": " + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("keras1j: "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void outputFolderThatIsNotWritableIsAUsageError(@TempDir Path tmp) throws IOException {
        Path ro = Files.createDirectory(tmp.resolve("ro"));
        assertTrue(ro.toFile().setWritable(false));
        try {
            if (Files.isWritable(ro)) {
                return; // running as root: every folder is writable, nothing to check
            }
            CliRun r = run("export", mnist("model.h5"), "--onnx", ro.resolve("m.onnx").toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("is not writable"), r.err());
        } finally {
            ro.toFile().setWritable(true);
        }
    }

    static Stream<Arguments> commandsThatRunAModel() {
        return Stream.of(
                Arguments.of("predict", List.of("--input", mnist("io.h5"), "--output", "OUT")),
                Arguments.of("verify", List.of("--io", mnist("io.h5"))),
                Arguments.of("export", List.of("--onnx", "OUT")),
                Arguments.of("bench", List.of("--warmup-seconds", "0", "--seconds", "0.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandsThatRunAModel")
    void modelWithoutWeightsIsRefusedAndNothingIsWritten(String command, List<String> options, @TempDir Path tmp)
            throws IOException {
        List<String> argv = new ArrayList<>(List.of(command, mnist("model.json")));
        String out = command.equals("predict") ? "out.h5" : "out";
        options.forEach(o -> argv.add(o.equals("OUT") ? tmp.resolve(out).toString() : o));
        CliRun r = run(argv.toArray(String[]::new));
        assertEquals(3, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("model.json: cannot run '" + command + "': the model has no weights"), r.err());
        assertTrue(r.err().contains("--random-weights SEED"), r.err());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    @Test
    void summaryWorksOnTheArchitectureAlone() {
        CliRun r = run("summary", mnist("model.json"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Weights: none (architecture only)"), r.out());
        assertTrue(r.out().contains("(Convolution2D)"), r.out());
    }

    @Test
    void randomWeightsLetAWeightlessModelRunAndAreReproducible(@TempDir Path tmp) throws IOException {
        Path a = tmp.resolve("a.onnx");
        Path b = tmp.resolve("b.onnx");
        Path c = tmp.resolve("c.onnx");
        assertEquals(0, run("export", mnist("model.json"), "--random-weights", "7", "--onnx", a.toString()).code());
        assertEquals(0, run("export", mnist("model.json"), "--random-weights", "7", "--onnx", b.toString()).code());
        assertEquals(0, run("export", mnist("model.json"), "--random-weights", "8", "--onnx", c.toString()).code());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)), "same seed, same model");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)), "another seed differs");
        CliRun bench = run("bench", mnist("model.json"), "--random-weights", "7", "--warmup-seconds", "0",
                "--seconds", "0.1", "--threads", "1");
        assertEquals(0, bench.code(), bench.err());
        assertTrue(bench.out().contains("p99"), bench.out());
        CliRun summary = run("summary", mnist("model.json"), "--random-weights", "7");
        assertTrue(summary.out().contains("Weights: random (seed 7)"), summary.out());
    }

    @Test
    void randomWeightsDoNotReplaceRealOnes() {
        CliRun r = run("verify", mnist("model.h5"), "--io", mnist("io.h5"), "--random-weights", "1");
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void openInputAxisTakesItsSizeFromInputShape(@TempDir Path tmp) throws IOException {
        CliRun without = run("summary", VARLEN.resolve("model.h5").toString());
        assertEquals(0, without.code(), without.err());
        assertTrue(without.out().contains("(None, None, 2)"), without.out());
        CliRun with = run("summary", VARLEN.resolve("model.h5").toString(), "--input-shape",
                "convolution1d_input_1=20,3");
        assertEquals(0, with.code(), with.err());
        assertTrue(with.out().contains("(None, 18, 2)"), with.out());
        Path onnx = tmp.resolve("v.onnx");
        CliRun export = run("export", VARLEN.resolve("model.h5").toString(), "--input-shape",
                "convolution1d_input_1=20,3", "--onnx", onnx.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(Files.size(onnx) > 0);
        CliRun bench = run("bench", VARLEN.resolve("model.h5").toString(), "--input-shape",
                "convolution1d_input_1=20,3", "--warmup-seconds", "0", "--seconds", "0.1", "--threads", "1");
        assertEquals(0, bench.code(), bench.err());
    }

    @Test
    void debugIsAcceptedBeforeAndAfterTheCommand() {
        assertEquals(0, run("--debug", "summary", mnist("model.h5")).code());
        assertEquals(0, run("summary", mnist("model.h5"), "--debug").code());
    }

    @Test
    void verifyDirWithNoRunnableCaseFailsAndListsTheSkippedOnes(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("manifest.json"), """
                [{"case": "arch_only", "files_present": ["model.json"], "has_reference_io": false},
                 {"case": "another", "files_present": ["model.json"], "has_reference_io": false}]
                """);
        CliRun r = run("verify", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("SKIP  arch_only: no reference outputs (has_reference_io is false)"), r.out());
        assertTrue(r.out().contains("SKIP  another: no reference outputs"), r.out());
        assertTrue(r.out().contains("0 passed, 0 failed, 2 skipped"), r.out());
        assertTrue(r.out().contains("no case ran"), r.out());
    }

    @Test
    void verifyDirWithAnEmptyManifestFails(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("manifest.json"), "[]");
        CliRun r = run("verify", tmp.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("lists no case"), r.out());
    }

    @Test
    void verifyDirListsSkippedCasesBesidesTheOnesThatRan(@TempDir Path tmp) throws IOException {
        Path mnist = Files.createDirectory(tmp.resolve("mnist_cnn_th"));
        for (String f : new String[] {"model.h5", "io.h5"}) {
            Files.copy(MNIST.resolve(f), mnist.resolve(f));
        }
        Files.writeString(tmp.resolve("manifest.json"), """
                [{"case": "mnist_cnn_th", "files_present": ["model.h5", "io.h5"], "has_reference_io": true},
                 {"case": "arch_only", "files_present": ["model.json"], "has_reference_io": false}]
                """);
        CliRun r = run("verify", tmp.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("PASS  mnist_cnn_th"), r.out());
        assertTrue(r.out().contains("SKIP  arch_only: no reference outputs"), r.out());
        assertTrue(r.out().strip().endsWith("1 passed, 0 failed, 1 skipped"), r.out());
    }

    @Test
    void verifyModelWithoutIoIsAUsageError() {
        CliRun r = run("verify", mnist("model.h5"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--io"), r.err());
    }

    @Test
    void batchTooLargeForTheModelIsAUsageErrorNotAnArithmeticException() {
        CliRun r = run("bench", VARLEN.resolve("model.h5").toString(), "--batch", "1048576", "--input-shape",
                "convolution1d_input_1=10000,3", "--seconds", "0.1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("batch size 1048576 is too large"), r.err());
        assertFalse(r.err().contains("internal error"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
