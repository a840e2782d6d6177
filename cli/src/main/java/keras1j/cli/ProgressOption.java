package keras1j.cli;

import keras1j.cli.io.Progress;
import picocli.CommandLine.Option;

/**
 * {@code --no-progress}: the option of the commands that do long work (samples predicted, cases
 * verified, benchmark runs, large weights read), whose bar shows only when stderr is a terminal.
 */
final class ProgressOption {
    @Option(names = "--no-progress", description = "No progress bar (it is shown only when stderr is a terminal).")
    boolean off;

    /** The progress of a command run by {@code main}: silent with {@code --no-progress}. */
    Progress of(Main main) {
        return main.progress(!off);
    }
}
