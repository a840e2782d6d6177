package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.keras.ImportedModel;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.exec.KernelChoice;
import keras1j.runtime.kernel.KernelSet;
import keras1j.verify.FixtureCase;

/**
 * Every fixture case with reference outputs, on the pure-Java engine, at the manifest tolerance: once
 * on the JDK Vector API kernels (what users get with {@code --add-modules jdk.incubator.vector}; this
 * module's test JVM adds it) and once on the portable plain-Java kernels; and once more on both with the
 * Winograd convolution forced wherever it applies.
 */
class JavaEngineCompatTest {
    static Stream<Named<FixtureCase>> referenceCases() {
        return Fixtures.cases(FixtureCase::hasReferenceIo);
    }

    @Test
    void vectorKernelsAreAvailableHere() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "the compat-tests JVM must run with --add-modules jdk.incubator.vector");
        assertTrue(KernelSet.of(KernelChoice.VECTOR_API).name().startsWith("vector-api"));
        assertEquals(KernelSet.of(KernelChoice.VECTOR_API), KernelSet.of(KernelChoice.BEST));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void vectorKernelsMatchKeras(FixtureCase c) {
        check(c, KernelChoice.VECTOR_API);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void plainKernelsMatchKeras(FixtureCase c) {
        check(c, KernelChoice.PLAIN);
    }

    /** Winograd forced on every convolution it applies to (kernel 3 and stride 1 on every axis, 1D to 3D), whatever its size, on both kernel sets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void winogradEverywhereMatchesKeras(FixtureCase c) {
        check(c, KernelChoice.VECTOR_API, JavaEngineOptions.Winograd.ALWAYS);
        check(c, KernelChoice.PLAIN, JavaEngineOptions.Winograd.ALWAYS);
    }

    /** The forced-Winograd pass reaches fixtures of both kinds (so it tests both transforms against Keras). */
    @Test
    void winogradEverywhereReachesOneAndTwoDimensionalFixtures() {
        long oneD = 0;
        long twoD = 0;
        for (FixtureCase c : referenceCases().map(Named::getPayload).toList()) {
            for (keras1j.runtime.ir.Node n : keras1j.runtime.ir.pass.GraphOptimizer.optimize(Fixtures.load(c).graph())
                    .nodes()) {
                if (n.op() instanceof keras1j.runtime.ir.Conv conv && conv.groups() == 1
                        && java.util.Arrays.stream(conv.strides()).allMatch(v -> v == 1)
                        && java.util.Arrays.stream(conv.dilations()).allMatch(v -> v == 1)
                        && java.util.Arrays.stream(conv.kernelSize()).allMatch(v -> v == 3)) {
                    if (conv.spatialRank() == 1) {
                        oneD++;
                    } else if (conv.spatialRank() == 2) {
                        twoD++;
                    }
                }
            }
        }
        assertTrue(oneD >= 3 && twoD >= 3, "fixture convolutions Winograd applies to: 1D " + oneD + ", 2D " + twoD);
    }

    private static void check(FixtureCase c, KernelChoice kernel) {
        check(c, kernel, JavaEngineOptions.Winograd.AUTO);
    }

    private static void check(FixtureCase c, KernelChoice kernel, JavaEngineOptions.Winograd winograd) {
        ImportedModel model = Fixtures.load(c);
        try (JavaEngine engine = JavaEngine.create(model.graph(),
                JavaEngineOptions.defaults().withKernel(kernel).withWinograd(winograd))) {
            assertEquals(KernelSet.of(kernel), engine.kernels());
            Expect.matchesReference(c, model, engine);
        }
    }
}
