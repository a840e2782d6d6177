package keras1j.runtime.exec;

import java.util.Objects;

import keras1j.runtime.memory.MemoryBudget;

/**
 * Options of the {@link JavaEngine}. Immutable; copy with the {@code withX} methods.
 *
 * @param threads      number of threads one prediction may use, caller included ({@code >= 1})
 * @param memoryBudget the most one allocation of the engine (packed weights, activations, scratch
 *                     buffers) may take; more is a {@link keras1j.errors.ResourceLimitException}
 */
public record JavaEngineOptions(int threads, MemoryBudget memoryBudget) {

    public JavaEngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Objects.requireNonNull(memoryBudget, "memoryBudget");
    }

    /**
     * {@code threads} threads and the memory budget {@link MemoryBudget#current()} (the default,
     * {@link MemoryBudget#defaults()}, unless the caller runs inside {@link MemoryBudget#within}).
     */
    public JavaEngineOptions(int threads) {
        this(threads, MemoryBudget.current());
    }

    /** One thread per available processor, the memory budget {@link MemoryBudget#current()}. */
    public static JavaEngineOptions defaults() {
        return new JavaEngineOptions(Runtime.getRuntime().availableProcessors());
    }

    /** A copy with another thread count. */
    public JavaEngineOptions withThreads(int threads) {
        return new JavaEngineOptions(threads, memoryBudget);
    }

    /** A copy with another memory budget. */
    public JavaEngineOptions withMemoryBudget(MemoryBudget memoryBudget) {
        return new JavaEngineOptions(threads, memoryBudget);
    }
}
