package keras1j.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Parse-time checks of option values: a value out of range is a usage error (exit 2) naming the
 * option, before anything is read or written. Stateless.
 */
final class OptionChecks {
    /** The largest batch accepted on the command line (2^20 samples). */
    static final int MAX_BATCH = 1 << 20;

    private OptionChecks() {
    }

    static int intIn(CommandSpec spec, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '" + option + "': " + value
                    + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** A finite number {@code >= 0} (tolerances). */
    static double nonNegative(CommandSpec spec, String option, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '" + option + "': " + value
                    + " (expected a finite number >= 0)");
        }
        return value;
    }

    /** A finite number {@code >= 0} of seconds, at most a day. */
    static double seconds(CommandSpec spec, String option, double value, boolean zeroAllowed) {
        if (!Double.isFinite(value) || value < 0 || (!zeroAllowed && value == 0) || value > 86_400) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '" + option + "': " + value
                    + " (expected seconds " + (zeroAllowed ? ">= 0" : "> 0") + ", at most 86400)");
        }
        return value;
    }

    /**
     * A file to be written: its folder must exist and be writable, and it must not be a folder
     * itself. Checked before any work so that nothing is computed for nothing.
     */
    static Path outputFile(CommandSpec spec, String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new ParameterException(spec.commandLine(), "option '" + option + "': " + file + " is a folder");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "option '" + option + "': folder " + dir
                    + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new ParameterException(spec.commandLine(), "option '" + option + "': folder " + dir
                    + " is not writable");
        }
        return file;
    }
}
