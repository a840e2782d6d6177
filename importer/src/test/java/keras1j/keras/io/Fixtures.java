package keras1j.keras.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The repository's reference fixtures, seen from the importer module directory (Maven's working directory). */
final class Fixtures {
    static final Path ROOT = Path.of("..", "fixtures");

    private Fixtures() {
    }

    /** A case folder, e.g. {@code caseDir("keras1", "mnist_cnn_th")}; asserts that it exists. */
    static Path caseDir(String set, String name) {
        Path dir = ROOT.resolve(set).resolve(name);
        assertTrue(Files.isDirectory(dir), "fixture case missing: " + dir.toAbsolutePath());
        return dir;
    }

    /** One manifest entry: its set, case name, the files present and the whole entry. */
    record Case(String set, String name, List<String> files, JsonNode entry) {
        Path dir() {
            return ROOT.resolve(set).resolve(name);
        }

        boolean has(String file) {
            return files.contains(file);
        }

        @Override
        public String toString() {
            return set + "/" + name;
        }
    }

    /** Every case of a set's manifest.json, in manifest order. */
    static List<Case> cases(String set) {
        try {
            JsonNode manifest = new ObjectMapper().readTree(ROOT.resolve(set).resolve("manifest.json").toFile());
            List<Case> cases = new ArrayList<>();
            for (JsonNode entry : manifest) {
                List<String> files = new ArrayList<>();
                entry.get("files_present").forEach(f -> files.add(f.asText()));
                cases.add(new Case(set, entry.get("case").asText(), List.copyOf(files), entry));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every case of every set. */
    static List<Case> allCases() {
        List<Case> all = new ArrayList<>();
        for (String set : List.of("keras1", "keras1-public", "keras1-tf")) {
            all.addAll(cases(set));
        }
        return all;
    }
}
