package keras1j.cli.io;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar redrawn in place with {@code \r}, at most ten times a second:
 * {@code predict  42% [########......] 4200/10000 samples 1234/s ETA 0:05}; with an unknown total,
 * {@code bench 1234 runs 56.7/s 0:22}. The clock and the width are injected, so the rendering is
 * testable. Thread-safe (methods are synchronized).
 */
public final class TerminalProgress implements Progress {
    /** Minimum time between two redraws. */
    static final long REDRAW_NANOS = 100_000_000L;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final int columns;

    private TerminalProgress(PrintStream out, LongSupplier nanoClock, int columns) {
        this.out = out;
        this.nanoClock = nanoClock;
        this.columns = Math.max(20, columns);
    }

    /**
     * A bar on {@code out}.
     *
     * @param nanoClock a monotonic clock in nanoseconds (e.g. {@code System::nanoTime})
     * @param columns   the terminal width; the line is kept one column shorter
     */
    public static TerminalProgress on(PrintStream out, LongSupplier nanoClock, int columns) {
        return new TerminalProgress(out, nanoClock, columns);
    }

    @Override
    public Task start(String label, long total, String unit) {
        return new Bar(label, total, unit);
    }

    private final class Bar implements Task {
        private final String label;
        private final long total;
        private final String unit;
        private final long start;
        private long done;
        private long lastDraw;
        private boolean drawn;
        private boolean closed;
        private int lastLength;

        Bar(String label, long total, String unit) {
            this.label = label;
            this.total = total;
            this.unit = unit;
            this.start = nanoClock.getAsLong();
            this.lastDraw = start - REDRAW_NANOS;
        }

        @Override
        public synchronized void advance(long n) {
            if (closed) {
                return;
            }
            done += n;
            long now = nanoClock.getAsLong();
            if (now - lastDraw >= REDRAW_NANOS) {
                draw(now);
            }
        }

        @Override
        public synchronized void clear() {
            if (drawn) {
                out.print("\r" + " ".repeat(lastLength) + "\r");
                out.flush();
                drawn = false;
                lastLength = 0;
            }
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            draw(nanoClock.getAsLong());
            out.print(System.lineSeparator());
            out.flush();
            closed = true;
        }

        private void draw(long now) {
            String line = render(label, done, total, unit, now - start, columns);
            String pad = line.length() < lastLength ? " ".repeat(lastLength - line.length()) : "";
            out.print("\r" + line + pad);
            out.flush();
            lastDraw = now;
            lastLength = line.length();
            drawn = true;
        }
    }

    /**
     * One line of the bar, at most {@code columns - 1} characters.
     *
     * @param elapsedNanos time since the task started
     */
    static String render(String label, long done, long total, String unit, long elapsedNanos, int columns) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String rateText = rate > 0 ? formatRate(rate) + "/s" : "-/s";
        String line;
        if (total > 0) {
            long shown = Math.min(done, total);
            int percent = (int) (100 * shown / total);
            String eta = rate > 0 ? "ETA " + formatDuration((total - shown) / rate) : "ETA -";
            String tail = String.format(Locale.ROOT, " %d/%d %s %s %s", shown, total, unit, rateText, eta);
            String head = String.format(Locale.ROOT, "%s %3d%% ", label, percent);
            int barWidth = Math.min(40, columns - 1 - head.length() - tail.length() - 2);
            if (barWidth >= 5) {
                int filled = (int) (barWidth * shown / total);
                line = head + "[" + "#".repeat(filled) + ".".repeat(barWidth - filled) + "]" + tail;
            } else {
                line = head.stripTrailing() + tail;
            }
        } else {
            line = String.format(Locale.ROOT, "%s %d %s %s %s", label, done, unit, rateText, formatDuration(seconds));
        }
        return line.length() > columns - 1 ? line.substring(0, columns - 1) : line;
    }

    static String formatRate(double rate) {
        if (rate >= 100) {
            return String.format(Locale.ROOT, "%.0f", rate);
        }
        return String.format(Locale.ROOT, rate >= 10 ? "%.1f" : "%.2f", rate);
    }

    /** {@code m:ss}, or {@code h:mm:ss} from an hour. */
    static String formatDuration(double seconds) {
        long s = (long) Math.ceil(Math.max(0, seconds));
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
                : String.format(Locale.ROOT, "%d:%02d", m, sec);
    }
}
