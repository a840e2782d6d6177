package keras1j.compat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasFiles;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.verify.FixtureCase;

/**
 * Cases saved under an {@code image_dim_ordering} whose model has a layer recording
 * {@code dim_ordering}: they must pass with no hint from the user (the importer infers it).
 */
class DimOrderingInferenceTest {
    static Stream<Named<FixtureCase>> inferableCases() {
        return Fixtures.cases(c -> c.hasReferenceIo() && c.imageDimOrdering().isPresent() && recordsDimOrdering(c));
    }

    private static boolean recordsDimOrdering(FixtureCase c) {
        String config = KerasFiles.read(c.model(), c.weightsForModel().orElse(null)).modelConfig();
        try {
            return !new ObjectMapper().readTree(config).findValues("dim_ordering").isEmpty();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inferableCases")
    void passesWithoutDimOrderingHint(FixtureCase c) {
        ImportOptions noHint = c.backend().isPresent() && !c.holdsWeights()
                ? ImportOptions.defaults().withBackend(c.backend().get()) : ImportOptions.defaults();
        ImportedModel model = KerasModelLoader.load(c.model(), c.weightsForModel().orElse(null),
                Fixtures.forData(c, noHint));
        try (Engine engine = JavaEngine.create(model.graph())) {
            Expect.matchesReference(c, model, engine);
        }
    }
}
