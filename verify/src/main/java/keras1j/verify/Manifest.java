package keras1j.verify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import keras1j.errors.InvalidInputException;
import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;

/**
 * Reads a fixture set's {@code manifest.json} (a JSON list of cases, format in
 * {@code fixtures/README.md}). Stateless and thread-safe.
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifest() {
    }

    /** The cases of the set in {@code dir}, in manifest order. */
    public static List<FixtureCase> read(Path dir) {
        Path file = dir.resolve("manifest.json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new InvalidInputException(file + ": expected a JSON list of cases");
        }
        List<FixtureCase> cases = new ArrayList<>();
        for (JsonNode c : root) {
            String id = text(file, c, "case");
            List<String> files = new ArrayList<>();
            c.path("files_present").forEach(f -> files.add(f.asText()));
            String ordering = c.path("image_dim_ordering").asText(null);
            Optional<DimOrdering> dimOrdering = ordering == null || c.path("image_dim_ordering").isNull()
                    ? Optional.empty() : Optional.of(DimOrdering.parse(ordering));
            Map<String, List<Integer>> outputs = new LinkedHashMap<>();
            c.path("outputs").fields().forEachRemaining(e -> {
                List<Integer> dims = new ArrayList<>();
                e.getValue().forEach(d -> dims.add(d.isNull() ? -1 : d.asInt()));
                outputs.put(e.getKey(), dims);
            });
            String backendName = c.path("backend").asText("");
            Optional<Backend> backend = backendName.equals("theano") || backendName.equals("tensorflow")
                    ? Optional.of(Backend.parse(backendName)) : Optional.empty();
            cases.add(new FixtureCase(dir.resolve(id), id, c.path("description").asText(""), files,
                    c.path("has_reference_io").asBoolean(false), dimOrdering, backend,
                    c.path("rtol").asDouble(1e-4), c.path("atol").asDouble(1e-5), outputs));
        }
        return cases;
    }

    private static String text(Path file, JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || !v.isTextual()) {
            throw new InvalidInputException(file + ": a case lacks the text field '" + field + "'");
        }
        return v.asText();
    }
}
