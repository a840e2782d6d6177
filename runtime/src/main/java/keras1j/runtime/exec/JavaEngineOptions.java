package keras1j.runtime.exec;

import java.util.Objects;

import keras1j.runtime.kernel.KernelChoice;

/**
 * Options of the {@link JavaEngine}. Immutable; copy with the {@code withX} methods.
 *
 * @param threads number of threads one prediction may use, caller included ({@code >= 1})
 * @param kernel  which compute kernels the engine runs on ({@link KernelChoice#BEST} by default)
 */
public record JavaEngineOptions(int threads, KernelChoice kernel) {

    public JavaEngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Objects.requireNonNull(kernel, "kernel");
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
        return new JavaEngineOptions(threads, kernel);
    }

    /**
     * A copy that runs on the given kernels (e.g. {@link KernelChoice#PLAIN} to check the portable
     * path on a JVM that has the Vector API).
     */
    public JavaEngineOptions withKernel(KernelChoice kernel) {
        return new JavaEngineOptions(threads, kernel);
    }
}
