package keras1j.bench.synthetic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a Keras 1.2.2 functional {@code Model}: {@code {"class_name": "Model", "config": {"name",
 * "layers", "input_layers", "output_layers"}, "keras_version": "1.2.2"}}, each layer applied once
 * (node index 0) with its {@code inbound_nodes}. Tensors are referred to by the name of the layer
 * that produced them. Not thread-safe; one model per builder.
 */
public final class FunctionalBuilder {
    private final String modelName;
    private final List<KerasLayer> layers = new ArrayList<>();
    private final List<ArrayNode> inbound = new ArrayList<>();
    private final List<String> inputs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    /** A model whose {@code config.name} is {@code modelName} (Keras' default: {@code model_1}). */
    public FunctionalBuilder(String modelName) {
        this.modelName = modelName;
    }

    /** {@code Input(shape=sampleShape, name=name)}; returns the tensor. */
    public String input(String name, int... sampleShape) {
        register(Keras1Layers.inputLayer(name, sampleShape), JsonNodeFactory.instance.arrayNode());
        inputs.add(name);
        return name;
    }

    /** {@code layer(x)} or, for a merge, {@code merge([x1, x2, ...])}; returns the output tensor. */
    public String apply(KerasLayer layer, String... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("layer '" + layer.name() + "' applied to no tensor");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode node = json.arrayNode();
        for (String t : tensors) {
            if (!names.contains(t)) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' applied to unknown tensor '" + t + "'");
            }
            node.addArray().add(t).add(0).add(0);
        }
        ArrayNode nodes = json.arrayNode();
        nodes.add(node);
        register(layer, nodes);
        return layer.name();
    }

    /**
     * The model with {@code outputs} as output layers, its weights drawn from {@code seed};
     * {@code name} names the pseudo files it comes from.
     */
    public SyntheticModel build(String name, long seed, String... outputs) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode layerArray = json.arrayNode();
        for (int i = 0; i < layers.size(); i++) {
            KerasLayer l = layers.get(i);
            ObjectNode entry = layerArray.addObject();
            entry.put("name", l.name());
            entry.put("class_name", l.className());
            entry.set("config", l.config().deepCopy());
            entry.set("inbound_nodes", inbound.get(i));
        }
        ObjectNode config = json.objectNode();
        config.put("name", modelName);
        config.set("layers", layerArray);
        config.set("input_layers", refs(inputs.toArray(new String[0])));
        for (String o : outputs) {
            if (!names.contains(o)) {
                throw new IllegalArgumentException("unknown output tensor '" + o + "'");
            }
        }
        config.set("output_layers", refs(outputs));
        ObjectNode model = json.objectNode();
        model.put("class_name", "Model");
        model.set("config", config);
        model.put("keras_version", SyntheticModel.KERAS_VERSION);
        return new SyntheticModel(name, model, layers, seed);
    }

    private void register(KerasLayer layer, ArrayNode nodes) {
        if (!names.add(layer.name())) {
            throw new IllegalArgumentException("duplicate layer name '" + layer.name() + "'");
        }
        layers.add(layer);
        inbound.add(nodes);
    }

    private static ArrayNode refs(String... names) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (String n : names) {
            a.addArray().add(n).add(0).add(0);
        }
        return a;
    }
}
