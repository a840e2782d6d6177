package keras1j.errors;

/**
 * A model or an input needs more memory than allowed: more than the memory budget
 * ({@code keras1j.runtime.memory.MemoryBudget}), more elements than a Java array can hold, or more
 * than the Java heap had left. The message says what needed how much and what the limit is.
 */
public class ResourceLimitException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    public ResourceLimitException(String message) {
        super(message);
    }

    public ResourceLimitException(String message, Throwable cause) {
        super(message, cause);
    }
}
