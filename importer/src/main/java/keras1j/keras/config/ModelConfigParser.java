package keras1j.keras.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;

/**
 * Reads the architecture JSON of a Keras 1 model ({@code {"class_name": "Sequential"|"Model",
 * "config": ...}}) into a {@link ModelTopology}. Stateless and thread-safe.
 *
 * <p>Sequential (Keras 1 writes its {@code config} as a plain list of layers): the first layer's
 * {@code batch_input_shape} and {@code input_dtype} define an input layer named like Keras 1 names
 * it, {@code <class name in lower case>_input_1} (e.g. {@code convolution2d_input_1}); each layer
 * consumes the previous one. Functional Model: {@code layers} with {@code inbound_nodes},
 * {@code input_layers}, {@code output_layers}. A layer may itself be a model ({@code Model}, or in a
 * functional model a {@code Sequential} whose {@code config} is its list of layers); its
 * configuration is parsed again with {@link #parse} when it is assembled.
 */
// the raw-JSON members take and return Jackson's JsonNode: a converter module that uses them also
// requires com.fasterxml.jackson.databind (keras1j.importer reads Jackson without re-exporting it)
@SuppressWarnings("exports")
public final class ModelConfigParser {
    /** Python's json writes NaN and Infinity for non-finite floats. */
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ModelConfigParser() {
    }

    /**
     * @param json   the model JSON text ({@code model.to_json()})
     * @param source the file it came from, for messages
     * @throws InvalidModelException on malformed JSON or a malformed configuration
     */
    public static ModelTopology parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = source == null || source.isEmpty() ? "model configuration" : source;
            throw new InvalidModelException(where + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
        return parse(root, source);
    }

    /**
     * @param root   the model JSON
     * @param source the file it came from, for messages
     * @throws InvalidModelException on a malformed configuration
     */
    public static ModelTopology parse(JsonNode root, String source) {
        String where = source == null || source.isEmpty() ? "model configuration" : source;
        if (root == null || !root.isObject()) {
            throw new InvalidModelException(where + ": the model configuration must be a JSON object, got "
                    + abbreviate(root));
        }
        JsonNode cls = root.get("class_name");
        if (cls == null || !cls.isTextual()) {
            throw new InvalidModelException(where + ": the model configuration has no 'class_name'");
        }
        JsonNode config = root.get("config");
        if (config == null || config.isNull()) {
            throw new InvalidModelException(where + ": the model configuration has no 'config'");
        }
        switch (cls.asText()) {
            case "Sequential":
                return sequential(config, where);
            case "Model":
                return functional(config, where);
            default:
                throw new UnsupportedFeatureException(where + ": model class '" + cls.asText()
                        + "' is not supported (expected Sequential or Model)");
        }
    }

    private static ModelTopology sequential(JsonNode config, String where) {
        JsonNode list = config.isObject() ? config.get("layers") : config;
        if (list == null || !list.isArray()) {
            throw new InvalidModelException(where + ": Sequential 'config' must be a list of layers, got "
                    + abbreviate(config));
        }
        if (list.isEmpty()) {
            throw new InvalidModelException(where + ": the Sequential model has no layers");
        }
        List<LayerSpec> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String previous = null;
        Optional<String> synthesized = Optional.empty();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String className = text(entry, "class_name", where + ": Sequential layer #" + i);
            JsonNode cfg = entry.get("config");
            if ("Sequential".equals(className)) {
                throw new UnsupportedFeatureException(where + ": Sequential layer #" + i + " is itself a Sequential "
                        + "model, which Keras 1.2.2 saves without its name (the key of its weights): not supported");
            }
            if (i == 0 && "Model".equals(className)) {
                throw new UnsupportedFeatureException(where + ": a Sequential model starting with a nested Model is "
                        + "not supported");
            }
            if (cfg == null || !cfg.isObject()) {
                throw new InvalidModelException(where + ": Sequential layer #" + i + " (" + className
                        + ") has no 'config' object");
            }
            String name = text(cfg, "name", where + ": Sequential layer #" + i + " (" + className + ")");
            LayerConfig lc = new LayerConfig(where, name, className, cfg);
            if (i == 0 && !"InputLayer".equals(className)) {
                if ("Merge".equals(className)) {
                    throw lc.unsupported("a Sequential model starting with a Merge of other models is not supported");
                }
                String inputName = className.toLowerCase(Locale.ROOT) + "_input_1";
                if (!lc.has("batch_input_shape")) {
                    throw lc.invalid("the first layer of a Sequential model must have 'batch_input_shape'");
                }
                ObjectNode inputCfg = JsonNodeFactory.instance.objectNode();
                inputCfg.set("batch_input_shape", cfg.get("batch_input_shape"));
                inputCfg.put("input_dtype", lc.optionalString("input_dtype", "float32"));
                inputCfg.put("sparse", false);
                inputCfg.put("name", inputName);
                layers.add(new LayerSpec(inputName, "InputLayer", new LayerConfig(where, inputName, "InputLayer",
                        inputCfg), List.of()));
                names.add(inputName);
                previous = inputName;
                synthesized = Optional.of(inputName);
            }
            if (!names.add(name)) {
                throw new InvalidModelException(where + ": duplicate layer name '" + name + "'");
            }
            List<List<TensorRef>> inbound = previous == null ? List.of()
                    : List.of(List.of(new TensorRef(previous, 0, 0)));
            if (i == 0 && "InputLayer".equals(className)) {
                inbound = List.of();
            }
            layers.add(new LayerSpec(name, className, lc, inbound));
            previous = name;
        }
        TensorRef in = new TensorRef(layers.get(0).name(), 0, 0);
        TensorRef out = new TensorRef(previous, 0, 0);
        return new ModelTopology("Sequential", layers, List.of(in), List.of(out), synthesized);
    }

    private static ModelTopology functional(JsonNode config, String where) {
        if (!config.isObject()) {
            throw new InvalidModelException(where + ": Model 'config' must be an object, got " + abbreviate(config));
        }
        JsonNode list = config.get("layers");
        if (list == null || !list.isArray()) {
            throw new InvalidModelException(where + ": Model 'config' has no 'layers' list");
        }
        List<LayerSpec> layers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode entry = list.get(i);
            String what = where + ": layer #" + i;
            String className = text(entry, "class_name", what);
            JsonNode cfg = entry.get("config");
            boolean nestedSequential = "Sequential".equals(className) && cfg != null && cfg.isArray();
            if (cfg == null || !(cfg.isObject() || nestedSequential)) {
                throw new InvalidModelException(what + " (" + className + ") has no 'config' object");
            }
            String name = entry.has("name") ? text(entry, "name", what) : text(cfg, "name", what);
            if (!names.add(name)) {
                throw new InvalidModelException(where + ": duplicate layer name '" + name + "'");
            }
            LayerConfig lc = new LayerConfig(where, name, className, cfg);
            List<List<TensorRef>> nodes = new ArrayList<>();
            JsonNode inbound = entry.get("inbound_nodes");
            if (inbound != null && !inbound.isNull()) {
                if (!inbound.isArray()) {
                    throw new InvalidModelException(lc.where() + ": 'inbound_nodes' must be a list, got "
                            + abbreviate(inbound));
                }
                for (JsonNode node : inbound) {
                    if (!node.isArray()) {
                        throw new InvalidModelException(lc.where() + ": each inbound node must be a list, got "
                                + abbreviate(node));
                    }
                    List<TensorRef> refs = new ArrayList<>();
                    for (JsonNode ref : node) {
                        refs.add(ref(ref, lc.where() + ": inbound node"));
                    }
                    nodes.add(refs);
                }
            }
            layers.add(new LayerSpec(name, className, lc, nodes));
        }
        List<TensorRef> inputs = refs(config.get("input_layers"), where, "input_layers");
        List<TensorRef> outputs = refs(config.get("output_layers"), where, "output_layers");
        if (outputs.isEmpty()) {
            throw new InvalidModelException(where + ": the model has no 'output_layers'");
        }
        for (TensorRef r : inputs) {
            if (!names.contains(r.layer())) {
                throw new InvalidModelException(where + ": 'input_layers' names unknown layer '" + r.layer() + "'");
            }
        }
        for (TensorRef r : outputs) {
            if (!names.contains(r.layer())) {
                throw new InvalidModelException(where + ": 'output_layers' names unknown layer '" + r.layer() + "'");
            }
        }
        return new ModelTopology("Model", layers, inputs, outputs, Optional.empty());
    }

    private static List<TensorRef> refs(JsonNode list, String where, String field) {
        if (list == null || !list.isArray()) {
            throw new InvalidModelException(where + ": Model 'config' has no '" + field + "' list");
        }
        List<TensorRef> out = new ArrayList<>();
        for (JsonNode r : list) {
            out.add(ref(r, where + ": '" + field + "'"));
        }
        return out;
    }

    /** {@code [name, node_index, tensor_index]} with an optional 4th (kwargs) element. */
    private static TensorRef ref(JsonNode r, String where) {
        if (r == null || !r.isArray() || r.size() < 3 || r.size() > 4 || !r.get(0).isTextual()
                || !r.get(1).isIntegralNumber() || !r.get(2).isIntegralNumber()
                || r.get(1).intValue() < 0 || r.get(2).intValue() < 0) {
            throw new InvalidModelException(where + " expected [layer_name, node_index, tensor_index], got "
                    + abbreviate(r));
        }
        if (r.size() == 4 && r.get(3) != null && !r.get(3).isNull() && !(r.get(3).isObject() && r.get(3).isEmpty())) {
            throw new UnsupportedFeatureException(where + ": call arguments " + abbreviate(r.get(3)) + " on '"
                    + r.get(0).asText() + "' are not supported");
        }
        return new TensorRef(r.get(0).asText(), r.get(1).intValue(), r.get(2).intValue());
    }

    private static String text(JsonNode obj, String key, String where) {
        JsonNode n = obj == null ? null : obj.get(key);
        if (n == null || !n.isTextual()) {
            throw new InvalidModelException(where + ": '" + key + "' expected a string, got "
                    + (n == null ? "nothing" : abbreviate(n)));
        }
        return n.asText();
    }

    static String abbreviate(JsonNode n) {
        if (n == null) {
            return "nothing";
        }
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
