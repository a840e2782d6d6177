package keras1j.keras.config;

import java.util.List;
import java.util.Optional;

/**
 * A Keras 1 model configuration reduced to a layer graph: Sequential models are expressed like
 * functional ones, with an explicit input layer named as Keras 1 names it
 * ({@code <first layer class, lower case>_input_1}). Immutable.
 *
 * @param kind    {@code Sequential} or {@code Model}
 * @param layers  in model order, input layers included
 * @param inputs  the model inputs (input layer tensors), in order
 * @param outputs the model outputs, in order
 * @param sequentialInput the name of the input layer created for a Sequential model, if any; it is
 *                not part of the configuration's own layer list
 */
public record ModelTopology(String kind, List<LayerSpec> layers, List<TensorRef> inputs, List<TensorRef> outputs,
        Optional<String> sequentialInput) {
    public ModelTopology {
        layers = List.copyOf(layers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The layer called {@code name}, if any. */
    public Optional<LayerSpec> layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst();
    }
}
