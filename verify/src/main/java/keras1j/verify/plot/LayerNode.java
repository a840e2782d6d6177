package keras1j.verify.plot;

/**
 * One box of a layer graph: a Keras layer (or a model input) with what Keras' {@code plot(model,
 * show_shapes=True)} shows for it.
 *
 * @param name        the Keras layer name (unique in the graph)
 * @param className   the Keras class, e.g. {@code Convolution2D}; {@code InputLayer} for inputs
 * @param inputShape  the input shape as Keras prints it, {@code multiple} when the layer's uses differ
 * @param outputShape the output shape as Keras prints it, {@code multiple} when the layer's uses differ
 * @param uses        how many times the layer is applied (more than 1 for a shared layer)
 * @param role        input, hidden layer or model output
 */
public record LayerNode(String name, String className, String inputShape, String outputShape, int uses, Role role) {

    /** Where a layer sits in the model. */
    public enum Role {
        /** A model input (an {@code InputLayer}). */
        INPUT,
        /** A layer that is neither input nor output. */
        HIDDEN,
        /** A layer whose output is a model output. */
        OUTPUT
    }

    /** The header line, as Keras writes it: {@code name: ClassName}. */
    public String title() {
        return name + ": " + className;
    }

    /** A model used as a layer (its class is {@code Sequential} or {@code Model}). */
    public boolean isNestedModel() {
        return className.equals("Sequential") || className.equals("Model");
    }

    /** A merge of several tensors ({@code Merge}), drawn with its own colour. */
    public boolean isMerge() {
        return className.equals("Merge");
    }
}
