package keras1j.cli;

import java.io.PrintStream;
import java.util.Set;

/** One {@code keras1j} subcommand. Implementations are stateless. */
interface Command {
    /** The word after {@code keras1j}. */
    String name();

    /** One usage line, e.g. {@code summary MODEL [--weights W.h5]}. */
    String usage();

    /** Options taking a value (without {@code --}). */
    Set<String> options();

    /** Options without value. */
    default Set<String> flags() {
        return Set.of();
    }

    /** Runs the command and returns the exit code. */
    int run(Args args, PrintStream out);
}
