package keras1j.errors;

/**
 * Root of every exception keras1j throws on purpose. Unchecked, like jhdf's {@code HdfException}:
 * callers catch this one type, or one of its narrow subclasses when they want to tell bad files
 * from unsupported features or bad inputs.
 *
 * <p>Messages always name what is wrong and where (file, layer, field, op), so that a command-line
 * user sees a one-line reason without a stack trace.
 */
public class Keras1jException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Keras1jException(String message) {
        super(message);
    }

    public Keras1jException(String message, Throwable cause) {
        super(message, cause);
    }
}
