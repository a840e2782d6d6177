package keras1j.runtime.exec;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import keras1j.runtime.memory.MemoryBudget;

/**
 * Recycles {@code float[]} buffers within and across the calls of one caller: a call borrows an
 * arena from the engine, takes buffers by exact size, gives back those whose value is dead, and
 * returns the arena when done. Arrays handed out may hold stale data. Not thread-safe: one call
 * owns an arena at a time.
 */
final class Arena {
    /** Upper bound of retained floats (256 MB); beyond it dead buffers are left to the GC. */
    private static final long MAX_RETAINED = 64L << 20;

    private final MemoryBudget budget;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Map<Long, ArrayDeque<float[][]>> freeRows = new HashMap<>();
    private long retained;
    private int batch = -1;

    /** An arena whose new buffers are each checked against {@code budget}. */
    Arena(MemoryBudget budget) {
        this.budget = budget;
    }

    /** Starts a call with {@code batch}; buffers sized for another batch are dropped. */
    void begin(int batch) {
        if (batch != this.batch) {
            free.clear();
            freeRows.clear();
            retained = 0;
            this.batch = batch;
        }
    }

    float[] take(int size) {
        ArrayDeque<float[]> q = free.get(size);
        if (q != null && !q.isEmpty()) {
            retained -= size;
            return q.pop();
        }
        return budget.floats(size, "a buffer of " + size + " values");
    }

    void give(float[] buffer) {
        if (retained + buffer.length > MAX_RETAINED) {
            return;
        }
        retained += buffer.length;
        free.computeIfAbsent(buffer.length, s -> new ArrayDeque<>()).push(buffer);
    }

    /** {@code count} arrays of {@code length} floats each (stale contents). */
    float[][] takeRows(int count, int length) {
        ArrayDeque<float[][]> q = freeRows.get(rowsKey(count, length));
        if (q != null && !q.isEmpty()) {
            retained -= (long) count * length;
            return q.pop();
        }
        budget.requireArray((long) count * length, Float.BYTES, "a buffer of " + count + " x " + length + " values");
        try {
            return new float[count][length];
        } catch (OutOfMemoryError e) {
            throw MemoryBudget.outOfMemory("a buffer of " + count + " x " + length + " values", e);
        }
    }

    void giveRows(float[][] rows) {
        int length = rows.length == 0 ? 0 : rows[0].length;
        long size = (long) rows.length * length;
        if (retained + size > MAX_RETAINED) {
            return;
        }
        retained += size;
        freeRows.computeIfAbsent(rowsKey(rows.length, length), k -> new ArrayDeque<>()).push(rows);
    }

    private static long rowsKey(int count, int length) {
        return ((long) count << 32) | length;
    }
}
