package keras1j.keras.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import keras1j.errors.InvalidModelException;

/**
 * Parses a Keras 1 architecture ({@code model.to_json()} or the {@code model_config} attribute) and
 * checks its outer form: an object with a string {@code class_name} and a {@code config}.
 *
 * <p>Python's {@code json} writes {@code NaN} and {@code Infinity} for non-finite floats, so they
 * are accepted. Trailing content after the object is an error.
 *
 * <p>Stateless; thread-safe (the mapper is configured once and only read).
 */
final class ModelJson {
    static final String CLASS_NAME = "class_name";
    static final String CONFIG = "config";
    static final String KERAS_VERSION = "keras_version";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ModelJson() {
    }

    /** A checked architecture and its text. */
    record Parsed(JsonNode root, String text) {
    }

    /** Reads and checks an architecture file. */
    static Parsed parseFile(Path file) {
        Hdf5Reading.checkReadable(file, FileKind.MODEL);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidModelException("cannot read " + file + ": " + Hdf5Reading.describe(e), e);
        }
        String source = file.toString();
        try {
            return new Parsed(check(MAPPER.readTree(bytes), source), new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw malformed(source, e);
        }
    }

    /** Parses and checks the {@code model_config} attribute of a full-model file. */
    static JsonNode parseAttribute(Path file, String attribute, String json) {
        String source = file + ": attribute '" + attribute + "'";
        try {
            return check(MAPPER.readTree(json), source);
        } catch (IOException e) {
            throw malformed(source, e);
        }
    }

    /** The top-level {@code keras_version} field that Keras 1.2's {@code to_json()} adds, if present. */
    static Optional<String> kerasVersion(JsonNode model) {
        JsonNode version = model.get(KERAS_VERSION);
        return version != null && version.isTextual() ? Optional.of(version.asText()) : Optional.empty();
    }

    private static JsonNode check(JsonNode root, String source) {
        if (root == null || root.isMissingNode()) {
            throw new InvalidModelException(source + ": empty, expected a Keras model JSON object");
        }
        if (!root.isObject()) {
            throw new InvalidModelException(source + ": expected a Keras model JSON object {\"" + CLASS_NAME
                    + "\": ..., \"" + CONFIG + "\": ...}, got " + kind(root));
        }
        JsonNode className = root.get(CLASS_NAME);
        if (className == null || !className.isTextual() || className.asText().isEmpty()) {
            throw new InvalidModelException(source + ": field '" + CLASS_NAME + "' "
                    + (className == null ? "is missing" : "expected a model class name, got " + className)
                    + " (expected {\"" + CLASS_NAME + "\": ..., \"" + CONFIG + "\": ...})");
        }
        JsonNode config = root.get(CONFIG);
        if (config == null || !(config.isObject() || config.isArray())) {
            throw new InvalidModelException(source + ": field '" + CONFIG + "' "
                    + (config == null ? "is missing" : "expected an object or a list, got " + kind(config))
                    + " (model class '" + className.asText() + "')");
        }
        return root;
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static InvalidModelException malformed(String source, IOException e) {
        if (e instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return new InvalidModelException(source + ": malformed JSON" + where + ": " + j.getOriginalMessage(), e);
        }
        return new InvalidModelException(source + ": cannot read JSON: " + Hdf5Reading.describe(e), e);
    }
}
