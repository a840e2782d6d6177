package keras1j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import keras1j.cli.io.Progress;

/**
 * One run of the command line as a script sees it: the exit code and the text written to stdout and
 * stderr (the tests' one harness around {@link Main#run}).
 */
record CliRun(int code, String out, String err) {

    /** Runs {@code keras1j args} with captured streams (no terminal: no progress bars). */
    static CliRun run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, print(out), print(err));
        return new CliRun(code, text(out), text(err));
    }

    /**
     * Runs {@code keras1j args} with captured streams and the progress that {@code progress} makes on
     * the captured stderr (given whether the command enables it).
     */
    static CliRun run(Function<PrintStream, Function<Boolean, Progress>> progress, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = print(err);
        int code = Main.commandLine(print(out), errStream, progress.apply(errStream)).execute(args);
        return new CliRun(code, text(out), text(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
