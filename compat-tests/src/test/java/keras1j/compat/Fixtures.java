package keras1j.compat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * The cases matching {@code filter}, each named {@code set/case} for the test report; cases listed in
     * {@code pending-cases.txt} are left out here and reported as skipped by {@link PendingCasesTest}.
     */
    static Stream<Named<FixtureCase>> cases(Predicate<FixtureCase> filter) {
        Map<String, String> pending = pending();
        return all().stream().filter(c -> !pending.containsKey(name(c))).filter(filter)
                .map(c -> Named.of(name(c), c));
    }

    static String name(FixtureCase c) {
        return setOf(c) + "/" + c.id();
    }

    /** {@code set/case} to the reason it cannot pass yet, from {@code pending-cases.txt}. */
    static Map<String, String> pending() {
        Map<String, String> pending = new LinkedHashMap<>();
        try (InputStream in = Fixtures.class.getResourceAsStream("/pending-cases.txt")) {
            if (in == null) {
                return pending;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                String[] parts = t.split("\\s+", 2);
                pending.put(parts[0], parts.length > 1 ? parts[1] : "no reason given");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pending;
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
