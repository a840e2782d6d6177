package keras1j.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.runtime.memory.MemoryBudget;

/**
 * The {@code keras1j} command: {@code summary}, {@code predict}, {@code verify}, {@code export},
 * {@code bench}. Exit codes: 0 success, 1 verification failed, 2 usage error (including bad input
 * files), 3 invalid or unsupported model, 4 internal error. One-line reasons on stderr; stack
 * traces only with {@code --debug}.
 */
public final class Main {
    private static final Map<String, Command> COMMANDS = registry(new SummaryCommand(), new PredictCommand(),
            new VerifyCommand(), new ExportCommand(), new BenchCommand());

    private Main() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        boolean debug = args.remove("--debug");
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            usage(args.isEmpty() ? err : out);
            return args.isEmpty() ? ExitCodes.USAGE : ExitCodes.OK;
        }
        Command command = COMMANDS.get(args.get(0));
        try {
            if (command == null) {
                throw new UsageException("unknown command '" + args.get(0) + "'");
            }
            MemoryBudget budget = maxMemory(args);
            Args parsed = Args.parse(args.subList(1, args.size()), command.options(), command.flags());
            return budget.within("keras1j " + command.name(), () -> command.run(parsed, out));
        } catch (UsageException e) {
            err.println("keras1j: " + e.getMessage());
            if (command != null) {
                err.println("usage: keras1j " + command.usage());
            } else {
                usage(err);
            }
            return ExitCodes.USAGE;
        } catch (InvalidInputException e) {
            report(err, e, debug);
            return ExitCodes.USAGE;
        } catch (Keras1jException e) {
            report(err, e, debug);
            return ExitCodes.INVALID_MODEL;
        } catch (OutOfMemoryError e) {
            report(err, MemoryBudget.outOfMemory("keras1j " + args.get(0), e), debug);
            return ExitCodes.INVALID_MODEL;
        } catch (RuntimeException e) {
            err.println("keras1j: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCodes.INTERNAL;
        }
    }

    /**
     * Takes {@code --max-memory SIZE} (or {@code --max-memory=SIZE}) out of {@code args}: the memory
     * budget of every import, engine and export of the command; default {@link MemoryBudget#defaults()}.
     */
    private static MemoryBudget maxMemory(List<String> args) {
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--max-memory") || a.startsWith("--max-memory=")) {
                String value = a.equals("--max-memory") ? (i + 1 < args.size() ? args.remove(i + 1) : null)
                        : a.substring("--max-memory=".length());
                args.remove(i);
                try {
                    return MemoryBudget.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--max-memory: " + e.getMessage());
                }
            }
        }
        return MemoryBudget.defaults();
    }

    private static void report(PrintStream err, Keras1jException e, boolean debug) {
        err.println("keras1j: " + e.getMessage());
        if (debug) {
            e.printStackTrace(err);
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: keras1j COMMAND ...   (common: --backend theano|tensorflow, --dim-ordering th|tf,"
                + " --max-memory SIZE e.g. 2g, --debug)");
        for (Command c : COMMANDS.values()) {
            out.println("  keras1j " + c.usage());
        }
    }

    private static Map<String, Command> registry(Command... commands) {
        Map<String, Command> map = new LinkedHashMap<>();
        for (Command c : commands) {
            if (map.put(c.name(), c) != null) {
                throw new IllegalStateException("duplicate command " + c.name());
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
