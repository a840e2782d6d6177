package keras1j.errors;

/**
 * A caller passed inputs that do not fit the model at prediction time: a missing or unknown input
 * name, a wrong shape, an embedding id out of range, an input file without the expected dataset.
 */
public class InvalidInputException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
