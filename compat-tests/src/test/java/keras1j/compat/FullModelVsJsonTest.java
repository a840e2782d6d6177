package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.FixtureCase;

/** Loading {@code model.h5} and loading {@code model.json} + {@code weights.h5} give identical results. */
class FullModelVsJsonTest {
    static Stream<Named<FixtureCase>> bothForms() {
        return Fixtures.cases(c -> c.hasReferenceIo() && c.fullModel().isPresent() && c.json().isPresent()
                && c.weights().isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bothForms")
    void fullModelAndJsonPlusWeightsAgreeExactly(FixtureCase c) {
        ImportedModel full = KerasModelLoader.load(c.fullModel().orElseThrow(), null, Fixtures.forData(c, Fixtures.hinted(c)));
        ImportedModel split = KerasModelLoader.load(c.json().orElseThrow(), c.weights().orElseThrow(),
                Fixtures.forData(c, Fixtures.hinted(c)));
        assertEquals(full.backend(), split.backend(), "backend");
        assertEquals(full.dimOrdering(), split.dimOrdering(), "dim ordering");
        Map<String, Tensor> a;
        Map<String, Tensor> b;
        try (Engine e1 = JavaEngine.create(full.graph()); Engine e2 = JavaEngine.create(split.graph())) {
            a = e1.predict(Expect.referenceInputs(c, full));
            b = e2.predict(Expect.referenceInputs(c, split));
        }
        assertEquals(a.keySet(), b.keySet(), "output names");
        for (String out : a.keySet()) {
            assertArrayEquals(a.get(out).shape(), b.get(out).shape(), "shape of " + out);
            assertArrayEquals(a.get(out).data(), b.get(out).data(), "case " + c.id() + ", output " + out);
        }
    }
}
