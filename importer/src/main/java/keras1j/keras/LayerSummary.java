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
 */
public record LayerSummary(String name, String className, List<String> outputShapes, long parameterCount,
        List<String> inbound) {
    public LayerSummary {
        outputShapes = List.copyOf(outputShapes);
        inbound = List.copyOf(inbound);
    }
}
