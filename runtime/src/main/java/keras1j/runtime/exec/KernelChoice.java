package keras1j.runtime.exec;

/**
 * Which kernels an engine runs on: the best available for the JVM (the default), the JDK Vector API
 * kernels, or the portable plain-Java ones. Tests run every fixture on both; users normally keep
 * {@link #BEST}.
 */
public enum KernelChoice {
    /** The Vector API kernels when the JVM has the {@code jdk.incubator.vector} module, else the plain ones. */
    BEST,
    /** The JDK Vector API kernels; unavailable (an error at engine creation) without the incubator module. */
    VECTOR_API,
    /** The portable plain-Java kernels (always available). */
    PLAIN
}
