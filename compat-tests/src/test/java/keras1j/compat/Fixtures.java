package keras1j.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.verify.FixtureCase;
import keras1j.verify.Manifest;
import keras1j.verify.Verifier;
import keras1j.keras.io.Hdf5Tensors;

/** The fixture sets under the repository's {@code fixtures/} folder, as JUnit arguments. */
final class Fixtures {
    /** Maven runs tests from the module folder. */
    static final Path ROOT = Path.of("..", "fixtures");

    private Fixtures() {
    }

    /** Every case of every set, in set and manifest order. */
    static List<FixtureCase> all() {
        List<FixtureCase> cases = new ArrayList<>();
        try (Stream<Path> sets = Files.list(ROOT)) {
            sets.filter(d -> Files.exists(d.resolve("manifest.json"))).sorted()
                    .forEach(d -> cases.addAll(Manifest.read(d)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    /** The cases matching {@code filter}, each named {@code set/case} for the test report. */
    static Stream<Named<FixtureCase>> cases(Predicate<FixtureCase> filter) {
        return all().stream().filter(filter).map(c -> Named.of(setOf(c) + "/" + c.id(), c));
    }

    static String setOf(FixtureCase c) {
        return c.dir().getParent().getFileName().toString();
    }

    /** The import options a user of that case would pass (see {@link FixtureCase#importOptions()}). */
    static ImportOptions hinted(FixtureCase c) {
        return c.importOptions();
    }

    /** Loads the case's default model file with its hint. */
    static ImportedModel load(FixtureCase c) {
        return KerasModelLoader.load(c.model(), c.weightsForModel().orElse(null), forData(c, hinted(c)));
    }

    /** {@code base} plus the sample shapes of the case's reference inputs, if it has any. */
    static ImportOptions forData(FixtureCase c, ImportOptions base) {
        return c.hasReferenceIo() ? Verifier.withInputShapesOf(base, Hdf5Tensors.readGroup(c.io(), "inputs")) : base;
    }
}
