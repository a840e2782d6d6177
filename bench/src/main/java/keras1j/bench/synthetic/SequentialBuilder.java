package keras1j.bench.synthetic;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes a Keras 1.2.2 {@code Sequential} model: {@code {"class_name": "Sequential", "config": [layers],
 * "keras_version": "1.2.2"}}, the first layer carrying {@code batch_input_shape} and
 * {@code input_dtype} right after {@code name} and {@code trainable}, as Keras serializes a layer
 * built with {@code input_shape=}. Not thread-safe; one model per builder.
 */
public final class SequentialBuilder {
    private final int[] inputShape;
    private final List<KerasLayer> layers = new ArrayList<>();
    private final Set<String> names = new HashSet<>();

    private SequentialBuilder(int[] inputShape) {
        this.inputShape = inputShape.clone();
    }

    /** A model whose first layer gets {@code input_shape=sampleShape}. */
    public static SequentialBuilder withInputShape(int... sampleShape) {
        return new SequentialBuilder(sampleShape);
    }

    /** Appends {@code layer}; names must be unique. */
    public SequentialBuilder add(KerasLayer layer) {
        if (!names.add(layer.name())) {
            throw new IllegalArgumentException("duplicate layer name '" + layer.name() + "'");
        }
        layers.add(layer);
        return this;
    }

    /** The model, its weights drawn from {@code seed}. */
    public SyntheticModel build(String modelName, long seed) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("a Sequential model needs at least one layer");
        }
        JsonNodeFactory json = JsonNodeFactory.instance;
        ArrayNode config = json.arrayNode();
        for (int i = 0; i < layers.size(); i++) {
            KerasLayer l = layers.get(i);
            ObjectNode c = i == 0 ? withInput(l.config()) : l.config().deepCopy();
            config.addObject().put("class_name", l.className()).set("config", c);
        }
        ObjectNode model = json.objectNode();
        model.put("class_name", "Sequential");
        model.set("config", config);
        model.put("keras_version", SyntheticModel.KERAS_VERSION);
        return new SyntheticModel(modelName, model, layers, seed);
    }

    private ObjectNode withInput(ObjectNode config) {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = config.fields();
        boolean inserted = false;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            c.set(f.getKey(), f.getValue().deepCopy());
            if (!inserted && "trainable".equals(f.getKey())) {
                c.set("batch_input_shape", Keras1Layers.batchShape(inputShape));
                c.put("input_dtype", "float32");
                inserted = true;
            }
        }
        if (!inserted) {
            throw new IllegalStateException("layer config without 'trainable' cannot start a Sequential model");
        }
        return c;
    }
}
