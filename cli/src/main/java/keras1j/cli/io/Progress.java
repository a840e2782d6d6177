package keras1j.cli.io;

import java.io.PrintStream;

/**
 * Reports the progress of long work (samples predicted, fixture cases verified, benchmark runs).
 * {@link #auto} draws a bar on a terminal and stays silent when the output is a file or a pipe, so
 * scripts and logs never see it; {@link #silent()} never prints.
 *
 * <p>Implementations are thread-safe: one {@link Task} may be advanced from several threads.
 */
public interface Progress {
    /**
     * Starts reporting one piece of work.
     *
     * @param label what is being done, e.g. {@code predict}
     * @param total the number of units to do, or {@code <= 0} if unknown (then no percentage or ETA)
     * @param unit  the unit's plural name, e.g. {@code samples}
     */
    Task start(String label, long total, String unit);

    /** One piece of work in progress. Close it when the work ends (also on failure). */
    interface Task extends AutoCloseable {
        /** Records {@code n} more units done. */
        void advance(long n);

        /**
         * Erases the bar so that the caller can print a line of its own (the bar comes back on the
         * next {@link #advance}).
         */
        void clear();

        /** Ends the task: a terminal bar is drawn one last time and its line ended. Idempotent. */
        @Override
        void close();
    }

    /**
     * A listener that shows the weights an engine or export reads as a task labelled {@code label},
     * when they are at least {@link WeightsBar#LARGE_BYTES}; close it when the work ends (also on
     * failure).
     */
    default WeightsBar weights(String label) {
        return WeightsBar.on(this, label, WeightsBar.LARGE_BYTES);
    }

    /** A progress that prints nothing. */
    static Progress silent() {
        return Silent.INSTANCE;
    }

    /**
     * A bar on {@code err} if {@code enabled}, {@code err} is {@link System#err} and the process runs on
     * a terminal ({@link Terminal#isInteractive()}); else {@link #silent()}.
     */
    static Progress auto(PrintStream err, boolean enabled) {
        if (enabled && err == System.err && Terminal.isInteractive()) {
            return TerminalProgress.on(err, System::nanoTime, Terminal.columns());
        }
        return silent();
    }

    /** The silent implementation. */
    enum Silent implements Progress, Task {
        INSTANCE;

        @Override
        public Task start(String label, long total, String unit) {
            return this;
        }

        @Override
        public void advance(long n) {
            // silent
        }

        @Override
        public void clear() {
            // silent
        }

        @Override
        public void close() {
            // silent
        }
    }
}
