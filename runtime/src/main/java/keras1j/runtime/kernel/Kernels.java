package keras1j.runtime.kernel;

import java.util.Optional;

/**
 * Chooses compute kernels for the running JVM: the SIMD implementations on the JDK Vector API when
 * the JVM was started with {@code --add-modules jdk.incubator.vector} (and its preferred vectors
 * hold at least 8 floats), else the portable plain-Java ones that HotSpot auto-vectorizes. Decided
 * once, at class initialization; all methods are thread-safe.
 */
public final class Kernels {
    private static final Sgemm PLAIN = new PlainSgemm();
    private static final Optional<Sgemm> VECTOR = load("keras1j.runtime.kernel.VectorSgemm", Sgemm.class);
    private static final MathKernel PLAIN_MATH = new PlainMath();
    /**
     * The Vector API exp, sigmoid and tanh need lane reinterpretation (float bits to int and back),
     * which JDK 17's C2 intermittently fails to intrinsify when the code is inlined into a large
     * caller (the whole loop then runs on boxed vectors, several times slower than plain loops);
     * later JDKs compile it reliably. Below this version they run in plain loops.
     */
    private static final int VECTOR_TRANSCENDENTALS_MIN_JDK = 21;
    private static final Optional<MathKernel> VECTOR_MATH = VECTOR.isEmpty() ? Optional.empty()
            : loadVectorMath(Runtime.version().feature() >= VECTOR_TRANSCENDENTALS_MIN_JDK);

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

    /**
     * Names the kernels this JVM uses, for logs and reports, e.g. {@code "vector-api-256 (JDK Vector
     * API)"}, {@code "vector-api-256 (JDK Vector API; exp, sigmoid and tanh in plain loops before JDK
     * 21)"} or {@code "plain-java (auto-vectorized loops; start the JVM with --add-modules
     * jdk.incubator.vector for the Vector API kernels)"}.
     */
    public static String description() {
        if (VECTOR.isEmpty()) {
            return PLAIN.name() + " (auto-vectorized loops; start the JVM with --add-modules "
                    + "jdk.incubator.vector for the Vector API kernels)";
        }
        return VECTOR.get().name() + (Runtime.version().feature() >= VECTOR_TRANSCENDENTALS_MIN_JDK
                ? " (JDK Vector API)"
                : " (JDK Vector API; exp, sigmoid and tanh in plain loops before JDK "
                        + VECTOR_TRANSCENDENTALS_MIN_JDK + ")");
    }

    /** The element-wise kernels behind {@link ArrayMath}: Vector API when the SGEMM is, else plain. */
    static MathKernel math() {
        return VECTOR_MATH.orElse(PLAIN_MATH);
    }

    /** The plain-Java element-wise math (always available). */
    static MathKernel plainMath() {
        return PLAIN_MATH;
    }

    /** The Vector API element-wise kernels (their exp, sigmoid and tanh plain before JDK 21), with the Vector API SGEMM. */
    static Optional<MathKernel> vectorMath() {
        return VECTOR_MATH;
    }

    /** The Vector API element-wise math with all of its functions whatever the JDK (for tests). */
    static Optional<MathKernel> vectorMathOnAnyJdk() {
        return loadVectorMath(true);
    }

    private static Optional<MathKernel> loadVectorMath(boolean transcendentals) {
        if (!vectorModuleReadable()) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName("keras1j.runtime.kernel.VectorMath");
            return Optional.of((MathKernel) c.getDeclaredConstructor(boolean.class).newInstance(transcendentals));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * True if the JVM has the incubator module {@code jdk.incubator.vector} (started with
     * {@code --add-modules jdk.incubator.vector}) and this code reads it. On the class path the unnamed
     * module reads every module; on the module path {@code keras1j.runtime} declares
     * {@code requires static jdk.incubator.vector}, which gives the read edge when the module is
     * resolved, and the edge is added here should the runtime module be defined without it (e.g. in a
     * layer of its own).
     */
    private static boolean vectorModuleReadable() {
        Optional<Module> vector = ModuleLayer.boot().findModule("jdk.incubator.vector");
        if (vector.isEmpty()) {
            return false;
        }
        Module self = Kernels.class.getModule();
        if (!self.canRead(vector.get())) {
            self.addReads(vector.get());
        }
        return true;
    }

    private static <T> Optional<T> load(String className, Class<T> type) {
        if (!vectorModuleReadable()) {
            return Optional.empty();
        }
        try {
            Class<?> c = Class.forName(className);
            return Optional.of(type.cast(c.getDeclaredConstructor().newInstance()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }
}
