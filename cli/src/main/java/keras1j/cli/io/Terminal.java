package keras1j.cli.io;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Whether the process talks to a terminal, for choosing a progress bar or silence. Stateless;
 * thread-safe.
 *
 * <p>On JDK 17 to 21 {@link System#console()} is non-null exactly when standard input and output are
 * a terminal. From JDK 22 it is non-null even when they are redirected, and
 * {@code Console.isTerminal()} (called reflectively, as this code compiles for 17) tells. A
 * {@code TERM} of {@code dumb} (Emacs shells, some CI) counts as no terminal.
 */
public final class Terminal {
    private static final int DEFAULT_COLUMNS = 80;

    private Terminal() {
    }

    /** True if the process runs on an interactive terminal. */
    public static boolean isInteractive() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        return isTerminal(System.console());
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
