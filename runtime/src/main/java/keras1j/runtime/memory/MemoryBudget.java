package keras1j.runtime.memory;

import java.util.Locale;
import java.util.function.Supplier;

import keras1j.errors.Keras1jException;
import keras1j.errors.ResourceLimitException;

/**
 * The most memory one allocation, or one import, whose size comes from a model or an input may
 * take. Every such allocation (weights read from a file, zero weights of an architecture-only import,
 * packed weights, activations, scratch buffers, export buffers) asks the budget first
 * ({@link #require}, {@link #floats}); asking for more than the budget is a
 * {@link ResourceLimitException} that says what needed how much, thrown before anything is
 * allocated, so a hostile model cannot exhaust the heap. {@link Ledger} adds up the allocations of
 * one import.
 *
 * <p>The default ({@link #defaults()}) is {@value #DEFAULT_PERCENT}% of the JVM's maximum heap.
 * Options take a budget ({@code ImportOptions.withMemoryBudget}, {@code JavaEngineOptions.withMemoryBudget},
 * the command line's {@code --max-memory}); the public entry points install it for the calling
 * thread ({@link #run}, {@link #within}), where code deep inside finds it ({@link #current()},
 * {@link #take}, {@link #newFloats}). The entry points also
 * turn an {@link OutOfMemoryError} that happens anyway (many allocations each within the budget) into a
 * {@link ResourceLimitException} ({@link #guard}).
 *
 * <p>Immutable and thread-safe.
 */
public final class MemoryBudget {
    /** Share of {@link Runtime#maxMemory()} of the default budget, in percent. */
    public static final int DEFAULT_PERCENT = 80;
    /** Largest Java array length the JVM reliably allocates. */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    /** What {@link #run} or {@link #within} installed for a thread: a budget, and a ledger if counting. */
    private record Scope(MemoryBudget budget, Ledger ledger) {
    }

    private final long limitBytes;
    private final boolean byDefault;

    private MemoryBudget(long limitBytes, boolean byDefault) {
        this.limitBytes = limitBytes;
        this.byDefault = byDefault;
    }

    /** {@value #DEFAULT_PERCENT}% of the JVM's maximum heap ({@link Runtime#maxMemory()}), read now. */
    public static MemoryBudget defaults() {
        long max = Runtime.getRuntime().maxMemory();
        long limit = max == Long.MAX_VALUE ? Long.MAX_VALUE : max / 100 * DEFAULT_PERCENT;
        return new MemoryBudget(limit, true);
    }

    /**
     * A budget of {@code bytes}.
     *
     * @throws IllegalArgumentException if {@code bytes < 1}
     */
    public static MemoryBudget ofBytes(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("a memory budget must be at least 1 byte, got " + bytes);
        }
        return new MemoryBudget(bytes, false);
    }

    /**
     * Parses a size such as {@code 512m}, {@code 2g}, {@code 1.5g}, {@code 800k} or {@code 1000000}
     * (bytes); suffixes {@code k}, {@code m}, {@code g}, {@code t} (powers of 1024, case-insensitive,
     * an optional trailing {@code b} or {@code ib}).
     *
     * @throws IllegalArgumentException if {@code text} is not such a size or is below 1 byte
     */
    public static MemoryBudget parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a memory size is required, e.g. 2g");
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1);
        }
        double value;
        try {
            if (!t.matches("[0-9]+(\\.[0-9]+)?")) {
                throw new NumberFormatException(t);
            }
            value = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a memory size: '" + Keras1jException.printable(text)
                    + "' (expected e.g. 512m, 2g)");
        }
        double bytes = value * unit;
        if (!(bytes >= 1) || bytes >= 0x1p62) {
            throw new IllegalArgumentException("memory size out of range: '" + Keras1jException.printable(text)
                    + "' (1 byte to 4 EiB)");
        }
        return new MemoryBudget((long) bytes, false);
    }

    /** The budget in bytes. */
    public long limitBytes() {
        return limitBytes;
    }

    /**
     * Checks that {@code bytes} fit the budget.
     *
     * @param what what needs the memory, for the message (e.g. {@code layer 'dense_1': zero weight 'W' (100000, 100000)})
     * @throws ResourceLimitException if {@code bytes} is negative (an overflowed size) or above the budget
     */
    public void require(long bytes, String what) {
        if (bytes < 0) {
            throw new ResourceLimitException(what + " needs more than " + Long.MAX_VALUE
                    + " bytes (size overflows), beyond the memory budget of " + bytesText(limitBytes));
        }
        if (bytes > limitBytes) {
            throw new ResourceLimitException(what + " needs " + bytesText(bytes) + ", more than the memory budget of "
                    + bytesText(limitBytes) + hint());
        }
    }

    /**
     * Checks {@code count} elements of {@code elementBytes} each against the budget and the Java
     * array limit; returns {@code count} as an int.
     *
     * @throws ResourceLimitException naming {@code what} if they do not fit
     */
    public int requireArray(long count, int elementBytes, String what) {
        if (count < 0) {
            throw new ResourceLimitException(what + " has a negative or overflowed size " + count);
        }
        require(count > Long.MAX_VALUE / elementBytes ? -1 : count * elementBytes, what);
        if (count > MAX_ARRAY_LENGTH) {
            throw new ResourceLimitException(what + " needs " + count + " elements, more than a Java array holds ("
                    + MAX_ARRAY_LENGTH + ")");
        }
        return (int) count;
    }

    /**
     * A new zeroed {@code float[count]} after checking the budget; an {@link OutOfMemoryError} of the
     * allocation itself is a {@link ResourceLimitException} too.
     */
    public float[] floats(long count, String what) {
        int n = requireArray(count, Float.BYTES, what);
        try {
            return new float[n];
        } catch (OutOfMemoryError e) {
            throw outOfMemory(what + " (" + bytesText(4L * n) + ")", e);
        }
    }

    /**
     * {@code float[count]} checked against the {@link #current()} budget (and counted, inside
     * {@link #run}).
     */
    public static float[] newFloats(long count, String what) {
        int n = current().requireArray(count, Float.BYTES, what);
        take(4L * n, what);
        try {
            return new float[n];
        } catch (OutOfMemoryError e) {
            throw outOfMemory(what + " (" + bytesText(4L * n) + ")", e);
        }
    }

    /**
     * Checks {@code bytes} about to be allocated against the {@link #current()} budget; inside
     * {@link #run}, also counts them towards the running total.
     *
     * @throws ResourceLimitException naming {@code what} if they do not fit
     */
    public static void take(long bytes, String what) {
        Scope s = CURRENT.get();
        if (s == null) {
            defaults().require(bytes, what);
        } else if (s.ledger == null) {
            s.budget.require(bytes, what);
        } else {
            s.ledger.take(bytes, what);
        }
    }

    /**
     * Bytes counted so far by the running total of the calling thread's {@link #run}; 0 outside one
     * (inside {@link #within} or with no budget installed).
     */
    public static long counted() {
        Scope s = CURRENT.get();
        return s == null || s.ledger == null ? 0 : s.ledger.used();
    }

    /** True inside {@link #run}: the calling thread's allocations add up in a running total. */
    public static boolean counting() {
        Scope s = CURRENT.get();
        return s != null && s.ledger != null;
    }

    /**
     * Gives back {@code bytes} of the calling thread's running total (inside {@link #run}; nothing
     * elsewhere), never below zero: for memory counted by {@link #take} that is dropped again before the
     * operation ends, such as a weight read only to be packed (the packed copy is counted, the read is
     * garbage once packing is done), or a reservation that the real allocations replace. Counting each
     * weight once this way keeps a model's transient copies from adding up in the total.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public static void release(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("cannot release " + bytes + " bytes");
        }
        Scope s = CURRENT.get();
        if (s != null && s.ledger != null) {
            s.ledger.release(bytes);
        }
    }

    /**
     * What the calling thread may still allocate in one piece: inside {@link #run} the budget less the
     * running total, elsewhere the whole budget of {@link #current()}. For choices between a faster form
     * that needs more memory and a smaller one (the Java engine's Winograd convolutions).
     */
    public static long left() {
        Scope s = CURRENT.get();
        if (s == null) {
            return defaults().limitBytes;
        }
        return s.ledger == null ? s.budget.limitBytes : Math.max(0, s.budget.limitBytes - s.ledger.used());
    }

    /** The budget installed for this thread by {@link #run} or {@link #within}, else {@link #defaults()}. */
    public static MemoryBudget current() {
        Scope s = CURRENT.get();
        return s != null ? s.budget : defaults();
    }

    /**
     * Runs {@code body} with this budget installed as {@link #current()} for the calling thread, every
     * allocation made through {@link #take} or {@link #newFloats} counted towards one total that must
     * stay within the budget (for operations whose allocations all stay alive, such as an import), and
     * with an {@link OutOfMemoryError} turned into a {@link ResourceLimitException} naming {@code what}
     * (see {@link #guard}). Nests: an inner call counts in its own total.
     */
    public <T> T run(String what, Supplier<T> body) {
        return scoped(new Scope(this, ledger()), what, body);
    }

    /**
     * As {@link #run}, but checking each allocation on its own, with no running total (for operations
     * that free what they allocate, such as a prediction).
     */
    public <T> T within(String what, Supplier<T> body) {
        return scoped(new Scope(this, null), what, body);
    }

    private static <T> T scoped(Scope scope, String what, Supplier<T> body) {
        Scope previous = CURRENT.get();
        CURRENT.set(scope);
        try {
            return guard(what, body);
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /**
     * Runs {@code body}; an {@link OutOfMemoryError} (the last line of defence behind the budget) is
     * rethrown as a {@link ResourceLimitException} naming {@code what} and the heap size.
     */
    public static <T> T guard(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (OutOfMemoryError e) {
            throw outOfMemory(what, e);
        }
    }

    /** The typed exception for an {@link OutOfMemoryError} met while doing {@code what}. */
    public static ResourceLimitException outOfMemory(String what, OutOfMemoryError e) {
        return new ResourceLimitException(what + ": out of memory (" + e.getMessage() + "); the Java heap is "
                + bytesText(Runtime.getRuntime().maxMemory()) + " (-Xmx)", e);
    }

    /** A running total of the memory one operation (an import) takes, checked against this budget. */
    public Ledger ledger() {
        return new Ledger(this);
    }

    /** Adds up allocations against a budget. Not thread-safe: one operation at a time. */
    public static final class Ledger {
        private final MemoryBudget budget;
        private long used;

        private Ledger(MemoryBudget budget) {
            this.budget = budget;
        }

        /**
         * Counts {@code bytes} more.
         *
         * @throws ResourceLimitException if the total passes the budget
         */
        public void take(long bytes, String what) {
            budget.require(bytes, what);
            long total = used + bytes;
            if (total > budget.limitBytes) {
                throw new ResourceLimitException(what + " needs " + bytesText(bytes) + ", bringing the total to "
                        + bytesText(total) + ", more than the memory budget of " + bytesText(budget.limitBytes)
                        + budget.hint());
            }
            used = total;
        }

        /** Counts {@code bytes} fewer (never below zero): memory counted earlier and dropped since. */
        public void release(long bytes) {
            used = Math.max(0, used - Math.max(0, bytes));
        }

        /** Bytes counted so far. */
        public long used() {
            return used;
        }
    }

    private String hint() {
        return byDefault ? " (" + DEFAULT_PERCENT + "% of the Java heap; raise -Xmx or set a budget)" : "";
    }

    /** {@code 1.5 GiB (1610612736 bytes)}-style text. */
    public static String bytesText(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "unlimited";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryBudget b && b.limitBytes == limitBytes && b.byDefault == byDefault;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(limitBytes) * 31 + (byDefault ? 1 : 0);
    }

    @Override
    public String toString() {
        return "MemoryBudget[" + bytesText(limitBytes) + (byDefault ? ", default" : "") + "]";
    }
}
