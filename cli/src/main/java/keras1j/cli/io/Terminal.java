package keras1j.cli.io;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the process talks to a terminal, for choosing a progress bar or silence. Stateless;
 * thread-safe.
 *
 * <p>On JDK 17 to 21 {@link System#console()} is non-null exactly when standard input and output are
 * a terminal. From JDK 22 it is non-null even when they are redirected, and
 * {@code Console.isTerminal()} (called reflectively, as this code compiles for 17) tells. Both look
 * at standard input and output, while the bar goes to standard error: on Linux,
 * {@code /proc/self/fd/2} must also point to a terminal device, so that {@code 2>log} stays quiet.
 * A launcher script that pipes the JVM's standard error through a filter says whether its own
 * standard error is a terminal with {@value #STDERR_TTY_ENV}{@code =1} or {@code =0}, which then
 * decides. A {@code TERM} of {@code dumb} (Emacs shells, some CI) counts as no terminal.
 */
public final class Terminal {
    /** Environment variable by which a launcher script reports whether its stderr is a terminal. */
    public static final String STDERR_TTY_ENV = "KERAS1J_STDERR_TTY";
    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /** True if the process runs on an interactive terminal. */
    public static boolean isInteractive() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        String launcher = System.getenv(STDERR_TTY_ENV);
        if (launcher != null) {
            return launcher.equals("1");
        }
        return isTerminal(System.console()) && isTerminalDevice(Path.of("/proc/self/fd/2"));
    }

    /**
     * False if {@code fd} is a symbolic link (Linux' {@code /proc/self/fd/N}) to something other than
     * a terminal device (a file, pipe or socket); true if it is one, or if it cannot be told.
     */
    static boolean isTerminalDevice(Path fd) {
        try {
            if (!Files.isSymbolicLink(fd)) {
                return true;
            }
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The console's terminal status; null means none. */
    static boolean isTerminal(Console console) {
        if (console == null) {
            return false;
        }
        try {
            Method m = Console.class.getMethod("isTerminal");
            return (Boolean) m.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // JDK < 22: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The terminal width from {@code COLUMNS} (shells export it on request), else 80. */
    public static int columns() {
        return parseColumns(System.getenv("COLUMNS"));
    }

    static int parseColumns(String value) {
        if (value != null) {
            try {
                int c = Integer.parseInt(value.trim());
                if (c >= 20 && c <= 1000) {
                    return c;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        return DEFAULT_COLUMNS;
    }
}
