package keras1j.keras.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;

/**
 * Typed, validating access to one layer's {@code config} object. Every converter reads the fields
 * it uses where it uses them; a missing or ill-typed field becomes an {@link InvalidModelException}
 * such as {@code model.json: layer 'conv2d_3' (Convolution2D): 'nb_row' expected an integer, got "3"},
 * a valid but unsupported value an {@link UnsupportedFeatureException} naming layer, class, field and
 * value. Immutable and thread-safe (the wrapped JSON must not be modified).
 */
// the raw-JSON members take and return Jackson's JsonNode: a converter module that uses them also
// requires com.fasterxml.jackson.databind (keras1j.importer reads Jackson without re-exporting it)
@SuppressWarnings("exports")
public final class LayerConfig {
    private final String source;
    private final String name;
    private final String className;
    private final JsonNode config;

    /**
     * @param source    the file name the configuration came from, for messages (may be empty)
     * @param name      the layer name
     * @param className the Keras class name
     * @param config    the layer's {@code config} object
     */
    public LayerConfig(String source, String name, String className, JsonNode config) {
        this.source = source == null ? "" : source;
        this.name = name;
        this.className = className;
        this.config = config;
    }

    public String name() {
        return name;
    }

    /** The file the configuration came from (may be empty). */
    public String source() {
        return source;
    }

    public String className() {
        return className;
    }

    /** The raw JSON, for fields whose form varies (e.g. ZeroPadding2D's int pair, 4-tuple or dict). */
    public JsonNode json() {
        return config;
    }

    /** True if {@code key} is present and not JSON null. */
    public boolean has(String key) {
        JsonNode n = config.get(key);
        return n != null && !n.isNull();
    }

    /** The value of {@code key}, or empty when absent or null. */
    public Optional<JsonNode> node(String key) {
        return has(key) ? Optional.of(config.get(key)) : Optional.empty();
    }

    /** A required integer. */
    public int requiredInt(String key) {
        return toInt(key, required(key));
    }

    /** An integer, {@code defaultValue} when absent or null. */
    public int optionalInt(String key, int defaultValue) {
        return has(key) ? toInt(key, config.get(key)) : defaultValue;
    }

    /** An integer, empty when absent or null. */
    public Optional<Integer> optionalInt(String key) {
        return has(key) ? Optional.of(toInt(key, config.get(key))) : Optional.empty();
    }

    /** A required string. */
    public String requiredString(String key) {
        JsonNode n = required(key);
        if (!n.isTextual()) {
            throw invalid(key, "a string", n);
        }
        return n.asText();
    }

    /** A string, {@code defaultValue} when absent or null. */
    public String optionalString(String key, String defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode n = config.get(key);
        if (!n.isTextual()) {
            throw invalid(key, "a string", n);
        }
        return n.asText();
    }

    /** A boolean, {@code defaultValue} when absent or null. */
    public boolean optionalBoolean(String key, boolean defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode n = config.get(key);
        if (!n.isBoolean()) {
            throw invalid(key, "true or false", n);
        }
        return n.booleanValue();
    }

    /** A number, {@code defaultValue} when absent or null. */
    public double optionalDouble(String key, double defaultValue) {
        if (!has(key)) {
            return defaultValue;
        }
        JsonNode n = config.get(key);
        if (!n.isNumber()) {
            throw invalid(key, "a number", n);
        }
        return n.doubleValue();
    }

    /** A required list of integers of exactly {@code length} entries. */
    public int[] requiredInts(String key, int length) {
        int[] v = toInts(key, required(key), false);
        if (v.length != length) {
            throw invalid(key, "a list of " + length + " integers", config.get(key));
        }
        return v;
    }

    /** A list of integers of {@code length} entries, {@code defaultValue} when absent or null. */
    public int[] optionalInts(String key, int length, int... defaultValue) {
        if (!has(key)) {
            return defaultValue.clone();
        }
        return requiredInts(key, length);
    }

    /**
     * A required list whose entries are integers or null (shapes such as {@code batch_input_shape});
     * null entries become {@code -1}.
     */
    public int[] requiredShape(String key) {
        return toInts(key, required(key), true);
    }

    /** Reads {@code node} (found under {@code key}) as an integer. */
    public int toInt(String key, JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            if (node != null && node.isFloatingPointNumber() && node.doubleValue() == Math.rint(node.doubleValue())
                    && Math.abs(node.doubleValue()) < Integer.MAX_VALUE) {
                return (int) node.doubleValue();
            }
            throw invalid(key, "an integer", node);
        }
        return node.intValue();
    }

    /** Reads {@code node} (found under {@code key}) as a list of integers (nulls as -1 if allowed). */
    public int[] toInts(String key, JsonNode node, boolean nullsAllowed) {
        if (node == null || !node.isArray()) {
            throw invalid(key, nullsAllowed ? "a list of integers or nulls" : "a list of integers", node);
        }
        List<Integer> out = new ArrayList<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            JsonNode e = it.next();
            if (e.isNull() && nullsAllowed) {
                out.add(-1);
            } else if (e.isIntegralNumber() && e.canConvertToInt()) {
                out.add(e.intValue());
            } else {
                throw invalid(key, nullsAllowed ? "a list of integers or nulls" : "a list of integers", node);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The prefix of every message about this layer: {@code file: layer 'x' (Class)}. */
    public String where() {
        return (source.isEmpty() ? "" : source + ": ") + layerRef();
    }

    /** {@code layer 'x' (Class)}, without the file. */
    public String layerRef() {
        return "layer '" + name + "' (" + className + ")";
    }

    /** An {@link InvalidModelException}: {@code layer 'x' (C): 'key' expected <expectation>, got <value>}. */
    public InvalidModelException invalid(String key, String expectation, JsonNode got) {
        return new InvalidModelException(where() + ": '" + key + "' expected " + expectation + ", got "
                + (got == null ? "nothing" : got.toString()));
    }

    /** An {@link InvalidModelException} about this layer with a free-form message. */
    public InvalidModelException invalid(String message) {
        return new InvalidModelException(where() + ": " + message);
    }

    /** An {@link UnsupportedFeatureException}: {@code layer 'x' (C): 'key' = value is not supported: why}. */
    public UnsupportedFeatureException unsupported(String key, Object value, String why) {
        String v = value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return new UnsupportedFeatureException(where() + ": '" + key + "' = " + v + " is not supported"
                + (why == null || why.isEmpty() ? "" : ": " + why));
    }

    /** An {@link UnsupportedFeatureException} about this layer with a free-form message. */
    public UnsupportedFeatureException unsupported(String message) {
        return new UnsupportedFeatureException(where() + ": " + message);
    }

    private JsonNode required(String key) {
        JsonNode n = config.get(key);
        if (n == null) {
            throw new InvalidModelException(where() + ": missing required field '" + key + "'");
        }
        if (n.isNull()) {
            throw invalid(key, "a value", n);
        }
        return n;
    }
}
