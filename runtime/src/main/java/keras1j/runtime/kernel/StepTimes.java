package keras1j.runtime.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-step wall-clock times of the Java engine, for keras1j's own benchmarks (the bench module's
 * per-layer breakdown): while a recorder is {@linkplain #start started}, the engine adds the time of
 * every step it runs, under the step's name and a short description of its kind. One recorder at a
 * time per JVM; when none is started the engine pays one volatile read per call.
 *
 * <p><b>Internal</b> (package {@code keras1j.runtime.kernel} is not exported). Thread-safe: steps of
 * concurrent calls may add at once.
 */
public final class StepTimes {
    private static volatile StepTimes active;

    /** One step's totals: its kind, calls and nanoseconds. */
    public record Entry(String step, String kind, long calls, long nanos) {
    }

    private final Map<String, long[]> totals = new LinkedHashMap<>();
    private final Map<String, String> kinds = new LinkedHashMap<>();

    private StepTimes() {
    }

    /** Starts recording (replacing any recorder started before) and returns the new recorder. */
    public static StepTimes start() {
        StepTimes t = new StepTimes();
        active = t;
        return t;
    }

    /** The recorder the engine reports to, or {@code null} when none is started. */
    public static StepTimes active() {
        return active;
    }

    /** Stops recording into this recorder (if it is the active one). */
    public void stop() {
        if (active == this) {
            active = null;
        }
    }

    /** Adds one run of step {@code step} of kind {@code kind} that took {@code nanos}. */
    public synchronized void add(String step, String kind, long nanos) {
        long[] t = totals.computeIfAbsent(step, k -> new long[2]);
        t[0]++;
        t[1] += nanos;
        kinds.putIfAbsent(step, kind);
    }

    /** The totals per step, in the order the steps first ran. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        totals.forEach((step, t) -> out.add(new Entry(step, kinds.get(step), t[0], t[1])));
        return out;
    }
}
