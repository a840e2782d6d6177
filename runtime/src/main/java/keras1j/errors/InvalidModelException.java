package keras1j.errors;

/**
 * The model file or configuration is malformed: not HDF5, truncated, bad JSON, a missing or extra
 * weight, a weight whose shape does not match the layer configuration, an unknown layer reference.
 */
public class InvalidModelException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    public InvalidModelException(String message) {
        super(message);
    }

    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
