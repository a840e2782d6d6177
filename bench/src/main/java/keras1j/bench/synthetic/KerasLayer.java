package keras1j.bench.synthetic;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Keras 1.2.2 layer as {@code model.to_json()} writes it (class name and {@code config}), with the
 * weights {@code model.save_weights()} would store for it, in Keras' {@code weight_names} order.
 * The config node is owned by this record; builders copy it before changing anything.
 *
 * @param name      layer name
 * @param className Keras class name, e.g. {@code Convolution2D}
 * @param config    the layer's {@code config} object
 * @param weights   saved weights in order; empty for a weightless layer
 */
public record KerasLayer(String name, String className, ObjectNode config, List<WeightSpec> weights) {
    public KerasLayer {
        weights = List.copyOf(weights);
    }
}
