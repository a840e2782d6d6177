package keras1j.compat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.keras.ImportedModel;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.verify.FixtureCase;

/**
 * Every fixture case with reference outputs, exported to ONNX and run on ONNX Runtime, at the lowest
 * and the highest supported opset, at the manifest tolerance.
 */
class OnnxRuntimeCompatTest {
    static Stream<Named<FixtureCase>> referenceCases() {
        return Fixtures.cases(FixtureCase::hasReferenceIo);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void onnxRuntimeMatchesKerasAtOpset13(FixtureCase c) {
        check(c, OnnxExportOptions.MIN_OPSET);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void onnxRuntimeMatchesKerasAtHighestOpset(FixtureCase c) {
        check(c, OnnxExportOptions.MAX_OPSET);
    }

    private static void check(FixtureCase c, int opset) {
        ImportedModel model = Fixtures.load(c);
        try (Engine engine = OnnxRuntimeEngine.create(model.graph(), OnnxExportOptions.defaults().withOpset(opset), 1)) {
            Expect.matchesReference(c, model, engine);
        }
    }
}
