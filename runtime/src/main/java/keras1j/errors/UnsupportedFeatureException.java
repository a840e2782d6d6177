package keras1j.errors;

/**
 * The model is valid Keras 1, but uses a layer class or an argument value that keras1j does not
 * implement. The message names the layer, its class and the argument. Never replaced by a silently
 * different computation.
 */
public class UnsupportedFeatureException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    public UnsupportedFeatureException(String message) {
        super(message);
    }

    public UnsupportedFeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
