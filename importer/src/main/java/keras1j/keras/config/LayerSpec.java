package keras1j.keras.config;

import java.util.List;

/**
 * One layer of a model configuration: its name, class, typed config and the inputs of each of its
 * applications ("nodes"; a layer shared by several branches has several).
 *
 * @param name         the layer name
 * @param className    the Keras class name
 * @param config       typed access to the layer's {@code config}
 * @param inboundNodes per application, the tensors it consumes; empty for an input layer
 */
public record LayerSpec(String name, String className, LayerConfig config, List<List<TensorRef>> inboundNodes) {
    public LayerSpec {
        inboundNodes = inboundNodes.stream().map(List::copyOf).toList();
    }

    public boolean isInputLayer() {
        return "InputLayer".equals(className);
    }
}
