package keras1j.compat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.keras.ImportedModel;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.verify.FixtureCase;

/** Every fixture case with reference outputs, on the pure-Java engine, at the manifest tolerance. */
class JavaEngineCompatTest {
    static Stream<Named<FixtureCase>> referenceCases() {
        return Fixtures.cases(FixtureCase::hasReferenceIo);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void javaEngineMatchesKeras(FixtureCase c) {
        ImportedModel model = Fixtures.load(c);
        try (Engine engine = JavaEngine.create(model.graph())) {
            Expect.matchesReference(c, model, engine);
        }
    }
}
