package keras1j.runtime.exec;

/**
 * Options of the {@link JavaEngine}. Immutable; copy with the {@code withX} methods.
 *
 * @param threads number of threads one prediction may use, caller included ({@code >= 1})
 */
public record JavaEngineOptions(int threads) {

    public JavaEngineOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** One thread per available processor. */
    public static JavaEngineOptions defaults() {
        return new JavaEngineOptions(Runtime.getRuntime().availableProcessors());
    }

    /** A copy with another thread count. */
    public JavaEngineOptions withThreads(int threads) {
        return new JavaEngineOptions(threads);
    }
}
