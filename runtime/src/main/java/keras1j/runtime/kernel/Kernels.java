package keras1j.runtime.kernel;

/**
 * Chooses compute kernels for the running JVM. {@link #sgemm()} returns the fastest available
 * implementation; today that is the plain-Java one, and a SIMD implementation on the JDK Vector
 * API can be added behind the same {@link Sgemm} interface, detected at run time, with the plain
 * kernel as fallback. Stateless; all methods are thread-safe.
 */
public final class Kernels {
    private static final Sgemm PLAIN = new PlainSgemm();

    private Kernels() {
    }

    /** The best SGEMM for this JVM. */
    public static Sgemm sgemm() {
        return PLAIN;
    }

    /** The portable plain-Java SGEMM (always available). */
    public static Sgemm plainSgemm() {
        return PLAIN;
    }
}
