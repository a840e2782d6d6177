package keras1j.runtime.tensor;

import java.util.Objects;

/**
 * Hears how far the weights of a model have been read while an engine or an export makes them
 * usable: the Java engine packing them ({@code JavaEngineOptions.withWeightProgress}), the ONNX
 * export streaming its initializers ({@code OnnxExportOptions.withWeightProgress}), an engine
 * opened by name ({@code EngineConfig.withWeightProgress}). An import reads no weights (they are
 * {@linkplain Tensor#lazy lazy}), so this is where the time of a large model goes.
 *
 * <p><b>Calls.</b> One piece of work (one engine creation, one export) reports in bytes of float32
 * weight values: first {@code (0, total)}, then non-decreasing {@code done} values, and
 * {@code (total, total)} last when the work succeeds ({@code total} may be 0 for a model without
 * weights, then that one call is all). A failure ends the calls early. An exception thrown by the
 * listener aborts the work it reports on.
 *
 * <p><b>Thread-safety.</b> One piece of work calls its listener from one thread at a time, in order.
 * A listener shared by work running concurrently (e.g. options reused by several threads) is called
 * from those threads at once, and must then be thread-safe itself; {@link #none()} is.
 */
@FunctionalInterface
public interface WeightProgress {
    /**
     * {@code done} of {@code total} bytes of weights read.
     *
     * @param done  bytes read so far, {@code 0 <= done <= total}
     * @param total bytes to read in all in this piece of work
     */
    void weightsRead(long done, long total);

    /** A listener that ignores every call (the default of every options record). */
    static WeightProgress none() {
        return None.INSTANCE;
    }

    /**
     * Starts reporting a piece of work of {@code totalBytes} to {@code listener}: calls
     * {@code (0, totalBytes)} now. For reporters (engines, exporters).
     */
    static Tally start(WeightProgress listener, long totalBytes) {
        return new Tally(listener, totalBytes);
    }

    /**
     * Keeps the contract of the calls for a reporter: counts the bytes done, never past the total,
     * and reports each change. Not thread-safe: one piece of work uses it from one thread at a time.
     */
    final class Tally {
        private final WeightProgress listener;
        private final long total;
        private long done;

        private Tally(WeightProgress listener, long total) {
            if (total < 0) {
                throw new IllegalArgumentException("total must be >= 0, got " + total);
            }
            this.listener = Objects.requireNonNull(listener, "listener");
            this.total = total;
            listener.weightsRead(0, total);
        }

        /** Records {@code bytes} more read (ignored when {@code <= 0}). */
        public void add(long bytes) {
            if (bytes > 0 && done < total) {
                done = Math.min(total, done + bytes);
                listener.weightsRead(done, total);
            }
        }

        /** Ends the work successfully: reports {@code (total, total)} unless already reported. */
        public void finish() {
            if (done < total) {
                done = total;
                listener.weightsRead(total, total);
            }
        }
    }

    /** The listener of {@link #none()}. */
    enum None implements WeightProgress {
        INSTANCE;

        @Override
        public void weightsRead(long done, long total) {
            // ignored
        }
    }
}
