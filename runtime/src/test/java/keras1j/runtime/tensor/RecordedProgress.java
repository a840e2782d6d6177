package keras1j.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WeightProgress} that records what it hears and checks the contract of the calls (shared
 * with the ONNX tests through the runtime test jar). Thread-safe.
 */
public final class RecordedProgress implements WeightProgress {
    private final List<long[]> calls = new ArrayList<>();

    @Override
    public synchronized void weightsRead(long done, long total) {
        calls.add(new long[] {done, total});
    }

    /** Number of calls so far. */
    public synchronized int calls() {
        return calls.size();
    }

    /** Forgets the calls so far. */
    public synchronized void clear() {
        calls.clear();
    }

    /**
     * Checks that the calls were one piece of work of {@code total} bytes: {@code (0, total)} first,
     * {@code done} non-decreasing and never past the total, {@code (total, total)} last, and at least
     * {@code minCalls} calls.
     */
    public synchronized void assertOnePassTo(long total, int minCalls) {
        assertTrue(calls.size() >= minCalls, "calls: " + calls.size());
        assertEquals(0, calls.get(0)[0], "the first call starts at 0");
        long previous = 0;
        for (long[] c : calls) {
            assertEquals(total, c[1], "the total never changes");
            assertTrue(c[0] >= previous && c[0] <= total, c[0] + " after " + previous + " of " + total);
            previous = c[0];
        }
        assertEquals(total, calls.get(calls.size() - 1)[0], "the last call reaches the total");
    }
}
