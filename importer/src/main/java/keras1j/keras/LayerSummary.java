package keras1j.keras;

import java.util.List;

/**
 * One row of a Keras-style model summary.
 *
 * @param name           the Keras layer name
 * @param className      the Keras layer class, e.g. {@code Convolution2D}
 * @param outputShapes   Keras-style output shape per use of the layer, e.g. {@code (None, 26, 26, 32)}
 * @param parameterCount number of weights the layer holds (Keras {@code count_params})
 * @param inbound        names of the layers feeding it, over all its uses, in order ("Connected to")
 * @param inputShapes    Keras-style input shape per use of the layer, as Keras' {@code input_shape}
 *                       prints it: {@code (None, 784)} for one input tensor,
 *                       {@code [(None, 32), (None, 32)]} for several (merges); for an input layer its
 *                       own shape. Empty when unknown (summaries built with the five-argument constructor).
 */
public record LayerSummary(String name, String className, List<String> outputShapes, long parameterCount,
        List<String> inbound, List<String> inputShapes) {
    public LayerSummary {
        outputShapes = List.copyOf(outputShapes);
        inbound = List.copyOf(inbound);
        inputShapes = List.copyOf(inputShapes);
    }

    /** A summary without input shapes. */
    public LayerSummary(String name, String className, List<String> outputShapes, long parameterCount,
            List<String> inbound) {
        this(name, className, outputShapes, parameterCount, inbound, List.of());
    }
}
