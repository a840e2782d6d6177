package keras1j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

import keras1j.cli.io.Progress;
import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.runtime.Keras1jVersion;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.memory.MemoryBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code keras1j} command: {@code summary}, {@code predict}, {@code verify}, {@code export},
 * {@code bench}, {@code plot} (one picocli class per command, registered in {@link #commandLine}). Exit codes
 * ({@link ExitCodes}): 0 success (also {@code --help}, {@code --version}), 1 verification failed,
 * 2 usage error (including bad input files and option values out of range), 3 invalid or
 * unsupported model, 4 internal error. One-line reasons on stderr; stack traces only with
 * {@code --debug}.
 */
@Command(name = "keras1j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Runs, checks and exports Keras 1.x models (full-model .h5, or .json with --weights).",
        footer = {"", "Exit codes: 0 success, 1 verification failed, 2 usage error or bad input file, "
                + "3 invalid or unsupported model, 4 internal error.",
                "Run 'keras1j COMMAND --help' for the options of a command."})
public final class Main implements Callable<Integer> {
    final PrintStream out;
    final PrintStream err;
    /** The progress of a command from whether it is enabled ({@code --no-progress} absent). */
    private final Function<Boolean, Progress> progress;

    @Spec
    CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of errors (accepted by every command).")
    boolean debug;

    @Option(names = "--max-memory", scope = ScopeType.INHERIT, paramLabel = "SIZE",
            description = "Memory budget of every import, engine and export, e.g. 512m or 2g (default: "
                    + MemoryBudget.DEFAULT_PERCENT + "%% of the JVM's max heap); more is a clear error (exit 3).")
    void setMaxMemory(String value) {
        try {
            MemoryBudget.parse(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--max-memory: " + e.getMessage());
        }
    }

    private Main(PrintStream out, PrintStream err, Function<Boolean, Progress> progress) {
        this.out = out;
        this.err = err;
        this.progress = progress;
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /**
     * Runs the command line and returns its exit code (for tests and embedding). Never throws and
     * never calls {@code System.exit}.
     */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        CommandLine cl = commandLine(out, err);
        try {
            return cl.execute(argv);
        } catch (OutOfMemoryError e) {
            err.println("keras1j: " + oneLine(MemoryBudget.outOfMemory("keras1j", e).getMessage()));
            return ExitCodes.INVALID_MODEL;
        }
    }

    /** The command tree with its exit-code mapping, writing to {@code out} and {@code err}. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        return commandLine(out, err, enabled -> Progress.auto(err, enabled));
    }

    /**
     * The command tree with the progress bars of {@code progress} (tests draw them into a buffer as
     * a terminal would see them).
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, Function<Boolean, Progress> progress) {
        CommandLine cl = new CommandLine(new Main(out, err, progress));
        for (Object command : List.of(new SummaryCommand(), new PredictCommand(), new VerifyCommand(),
                new ExportCommand(), new BenchCommand(), new PlotCommand(), new CommandLine.HelpCommand())) {
            cl.addSubcommand(command);
        }
        cl.setExecutionStrategy(parseResult -> budget(parseResult).within("keras1j "
                + String.join(" ", commandNames(parseResult)), () -> new CommandLine.RunLast().execute(parseResult)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(Main::usageError);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> failure(ex, err,
                parseResult.expandedArgs().contains("--debug")));
        return cl;
    }

    /** The {@code --max-memory} given anywhere on the command line, else {@link MemoryBudget#defaults()}. */
    private static MemoryBudget budget(CommandLine.ParseResult parseResult) {
        String value = null;
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            value = r.matchedOptionValue("--max-memory", value);
        }
        return value == null ? MemoryBudget.defaults() : MemoryBudget.parse(value);
    }

    private static List<String> commandNames(CommandLine.ParseResult parseResult) {
        List<String> names = new java.util.ArrayList<>();
        for (CommandLine.ParseResult r = parseResult.subcommand(); r != null; r = r.subcommand()) {
            names.add(r.commandSpec().name());
        }
        return names;
    }

    /**
     * The progress of a command: a bar on stderr when it is a terminal and {@code enabled}, else
     * silence.
     */
    Progress progress(boolean enabled) {
        return progress.apply(enabled);
    }

    /** {@code keras1j} alone: the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return ExitCodes.USAGE;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String command = cl.getCommandSpec().qualifiedName();
        err.println("keras1j: " + oneLine(e.getMessage()) + " (see '" + command + " --help')");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int failure(Exception ex, PrintStream err, boolean debug) {
        int code;
        if (ex instanceof ParameterException p) {
            return usageError(p, new String[0]);
        } else if (ex instanceof UsageException || ex instanceof InvalidInputException) {
            code = ExitCodes.USAGE;
        } else if (ex instanceof Keras1jException) {
            code = ExitCodes.INVALID_MODEL;
        } else {
            err.println("keras1j: internal error: " + oneLine(String.valueOf(ex))
                    + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                ex.printStackTrace(err);
            }
            return ExitCodes.INTERNAL;
        }
        err.println("keras1j: " + oneLine(ex.getMessage()));
        if (debug) {
            ex.printStackTrace(err);
        }
        return code;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace("\r", "\\r").replace("\n", "\\n");
    }

    /** {@code --version}: the keras1j version, the JVM, and the engines available. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"keras1j " + Keras1jVersion.current(),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                    "engines: " + String.join(", ", EngineRegistry.names())};
        }
    }
}
