package keras1j.errors;

/**
 * Shape inference rejected an op: the message names the op, the input shapes and what was expected.
 */
public class ShapeException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
