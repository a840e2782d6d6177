package keras1j.cli.io;

import keras1j.runtime.tensor.WeightProgress;

/**
 * Shows the weights an engine or an export reads ({@link WeightProgress}) as a {@link Progress} task
 * counted in MiB, for weights of at least a given size (smaller ones take a moment and get no bar):
 * {@code weights  45% [#########...........] 250/528 MiB 190/s ETA 0:01}. Each piece of work the
 * listener hears (from {@code 0} to its total) is one task, ended when it reaches its total; close
 * this to end a task that a failure left open. Thread-safe (methods are synchronized).
 */
public final class WeightsBar implements WeightProgress, AutoCloseable {
    /** Weights from this size on get a bar (32 MiB, about a tenth of a second to pack). */
    public static final long LARGE_BYTES = 32L << 20;
    private static final long MIB = 1L << 20;
    private final Progress progress;
    private final String label;
    private final long minBytes;
    private Progress.Task task;
    private long shownMib;

    private WeightsBar(Progress progress, String label, long minBytes) {
        this.progress = progress;
        this.label = label;
        this.minBytes = minBytes;
    }

    /**
     * A bar labelled {@code label} on {@code progress} for weights of at least {@code minBytes}
     * bytes.
     */
    public static WeightsBar on(Progress progress, String label, long minBytes) {
        return new WeightsBar(progress, label, minBytes);
    }

    @Override
    public synchronized void weightsRead(long done, long total) {
        if (done == 0) {
            close();
            if (total > 0 && total >= minBytes) {
                task = progress.start(label, mib(total), "MiB");
                shownMib = 0;
            }
        }
        if (task != null) {
            long m = mib(done);
            task.advance(m - shownMib);
            shownMib = m;
            if (done >= total) {
                close();
            }
        }
    }

    /** Ends the task in progress, if any (its bar is drawn once more and its line ended). Idempotent. */
    @Override
    public synchronized void close() {
        if (task != null) {
            task.close();
            task = null;
        }
    }

    private static long mib(long bytes) {
        return (bytes + MIB - 1) / MIB;
    }
}
