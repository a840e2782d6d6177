package keras1j.runtime.kernel;

import java.util.Optional;

/**
 * Chooses compute kernels for the running JVM. {@link #sgemm()} returns the SIMD implementation on
 * the JDK Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector} (and
 * its preferred vectors hold at least 8 floats), else the portable plain-Java one. Decided once;
 * all methods are thread-safe.
 */
public final class Kernels {
    private static final Sgemm PLAIN = new PlainSgemm();
    private static final Optional<Sgemm> VECTOR = loadVector();

    private Kernels() {
    }

    /** The best SGEMM for this JVM. */
    public static Sgemm sgemm() {
        return VECTOR.orElse(PLAIN);
    }

    /** The portable plain-Java SGEMM (always available). */
    public static Sgemm plainSgemm() {
        return PLAIN;
    }

    /** The Vector API SGEMM, if the incubator module is present and the hardware has wide vectors. */
    public static Optional<Sgemm> vectorSgemm() {
        return VECTOR;
    }

    private static Optional<Sgemm> loadVector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName("keras1j.runtime.kernel.VectorSgemm");
            return Optional.of((Sgemm) c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
