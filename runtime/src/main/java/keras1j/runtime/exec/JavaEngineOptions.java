package keras1j.runtime.exec;

import java.time.Duration;
import java.util.Objects;

import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.WeightProgress;

/**
 * Options of the {@link JavaEngine}. Immutable; copy with the {@code withX} methods.
 *
 * @param threads  number of threads one prediction may use, caller included ({@code >= 1})
 * @param kernel   which compute kernels the engine runs on ({@link KernelChoice#BEST} by default)
 * @param winograd when stride-1 convolutions of kernel 3 (1D to 3D) use the Winograd algorithm ({@link Winograd#AUTO} by default)
 * @param memoryBudget the most one allocation of the engine (packed weights, activations, scratch
 *                     buffers) may take; more is a {@link keras1j.errors.ResourceLimitException}
 * @param weightProgress hears the bytes of weights packed while {@link JavaEngine#create} compiles the
 *                       graph ({@link WeightProgress#none()} by default); a graph with open input sizes
 *                       packs its weights per concrete shape on first use, and reports nothing
 * @param spinWait how long the engine's threads, idle after a share of a prediction's work, watch for
 *                 the next share before they sleep ({@link #DEFAULT_SPIN_WAIT} by default): a layer's
 *                 work then starts on every thread at once instead of each waiting for a sleeping
 *                 thread to wake (tens of microseconds, more on a virtual machine), at the cost of that
 *                 much processor time after each prediction; {@link Duration#ZERO} sleeps at once
 */
public record JavaEngineOptions(int threads, KernelChoice kernel, Winograd winograd, MemoryBudget memoryBudget,
        WeightProgress weightProgress, Duration spinWait) {

    /** The default {@link #spinWait}: half a millisecond, longer than the gap between two layers' work. */
    public static final Duration DEFAULT_SPIN_WAIT = Duration.ofNanos(500_000);

    /** When the engine computes a stride-1 convolution with a kernel of 3 on every axis (1D to 3D) by the Winograd algorithm. */
    public enum Winograd {
        /** Where the planner expects it to be faster than the direct convolution (enough channels). */
        AUTO,
        /** For every convolution it applies to (tests of the Winograd path). */
        ALWAYS,
        /** Never (tests and measurements of the direct paths). */
        NEVER
    }

    public JavaEngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(winograd, "winograd");
        Objects.requireNonNull(memoryBudget, "memoryBudget");
        Objects.requireNonNull(weightProgress, "weightProgress");
        Objects.requireNonNull(spinWait, "spinWait");
        if (spinWait.isNegative() || spinWait.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("spinWait must be between 0 and 1 s, got " + spinWait);
        }
    }

    /** The given threads, kernels, Winograd use, memory budget and weight progress; the default spin wait. */
    public JavaEngineOptions(int threads, KernelChoice kernel, Winograd winograd, MemoryBudget memoryBudget,
            WeightProgress weightProgress) {
        this(threads, kernel, winograd, memoryBudget, weightProgress, DEFAULT_SPIN_WAIT);
    }

    /** The given threads, kernels, Winograd use and memory budget, no weight progress. */
    public JavaEngineOptions(int threads, KernelChoice kernel, Winograd winograd, MemoryBudget memoryBudget) {
        this(threads, kernel, winograd, memoryBudget, WeightProgress.none());
    }

    /**
     * {@code threads} threads on the given kernels with the given Winograd use, and the memory budget
     * {@link MemoryBudget#current()} (the default, {@link MemoryBudget#defaults()}, unless the caller
     * runs inside {@link MemoryBudget#within}).
     */
    public JavaEngineOptions(int threads, KernelChoice kernel, Winograd winograd) {
        this(threads, kernel, winograd, MemoryBudget.current());
    }

    /** {@code threads} threads on the given kernels, Winograd where faster. */
    public JavaEngineOptions(int threads, KernelChoice kernel) {
        this(threads, kernel, Winograd.AUTO);
    }

    /** {@code threads} threads on the best kernels. */
    public JavaEngineOptions(int threads) {
        this(threads, KernelChoice.BEST);
    }

    /** One thread per available processor, best kernels. */
    public static JavaEngineOptions defaults() {
        return new JavaEngineOptions(Runtime.getRuntime().availableProcessors());
    }

    /** A copy with another thread count. */
    public JavaEngineOptions withThreads(int threads) {
        return new JavaEngineOptions(threads, kernel, winograd, memoryBudget, weightProgress, spinWait);
    }

    /**
     * A copy that runs on the given kernels (e.g. {@link KernelChoice#PLAIN} to check the portable
     * path on a JVM that has the Vector API).
     */
    public JavaEngineOptions withKernel(KernelChoice kernel) {
        return new JavaEngineOptions(threads, kernel, winograd, memoryBudget, weightProgress, spinWait);
    }

    /** A copy that uses the Winograd convolution as {@code winograd} says (e.g. to force it on or off in tests). */
    public JavaEngineOptions withWinograd(Winograd winograd) {
        return new JavaEngineOptions(threads, kernel, winograd, memoryBudget, weightProgress, spinWait);
    }

    /** A copy with another memory budget. */
    public JavaEngineOptions withMemoryBudget(MemoryBudget memoryBudget) {
        return new JavaEngineOptions(threads, kernel, winograd, memoryBudget, weightProgress, spinWait);
    }

    /** A copy that reports the packing of the weights to {@code weightProgress}. */
    public JavaEngineOptions withWeightProgress(WeightProgress weightProgress) {
        return new JavaEngineOptions(threads, kernel, winograd, memoryBudget, weightProgress, spinWait);
    }

    /**
     * A copy whose threads watch for the next share of work for {@code spinWait} before they sleep
     * (between 0 and 1 s; see {@link #spinWait}).
     */
    public JavaEngineOptions withSpinWait(Duration spinWait) {
        return new JavaEngineOptions(threads, kernel, winograd, memoryBudget, weightProgress, spinWait);
    }
}
