package keras1j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;

import keras1j.verify.FixtureCase;
import keras1j.verify.Manifest;

/**
 * The fixture cases with reference outputs under the repository's {@code fixtures/} folder, less those
 * listed in the compatibility suite's {@code pending-cases.txt} (layers not implemented yet).
 */
final class FixtureCases {
    static final Path ROOT = Path.of("..", "fixtures");
    static final Path PENDING = Path.of("..", "compat-tests", "src", "test", "resources", "pending-cases.txt");

    private FixtureCases() {
    }

    static Stream<Named<FixtureCase>> withReferenceIo() {
        Set<String> pending = pending();
        List<FixtureCase> cases = new ArrayList<>();
        try (Stream<Path> sets = Files.list(ROOT)) {
            sets.filter(d -> Files.exists(d.resolve("manifest.json"))).sorted()
                    .forEach(d -> cases.addAll(Manifest.read(d)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream().filter(FixtureCase::hasReferenceIo).filter(c -> !pending.contains(name(c)))
                .map(c -> Named.of(name(c), c));
    }

    static FixtureCase get(String set, String id) {
        return Manifest.read(ROOT.resolve(set)).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    static String name(FixtureCase c) {
        return c.dir().getParent().getFileName() + "/" + c.id();
    }

    private static Set<String> pending() {
        Set<String> names = new HashSet<>();
        try {
            for (String line : Files.readAllLines(PENDING)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    names.add(t.split("\\s+", 2)[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }
}
