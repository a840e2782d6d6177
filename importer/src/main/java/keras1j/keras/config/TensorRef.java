package keras1j.keras.config;

/**
 * A reference to one output tensor of one application of a layer, as Keras 1 writes it in
 * {@code inbound_nodes}, {@code input_layers} and {@code output_layers}:
 * {@code [layer_name, node_index, tensor_index]}.
 */
public record TensorRef(String layer, int nodeIndex, int tensorIndex) {
    @Override
    public String toString() {
        return layer + "[" + nodeIndex + "][" + tensorIndex + "]";
    }
}
