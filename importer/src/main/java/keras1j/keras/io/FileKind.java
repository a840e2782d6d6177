package keras1j.keras.io;

import keras1j.errors.InvalidInputException;
import keras1j.errors.InvalidModelException;
import keras1j.errors.Keras1jException;

/**
 * What a file is for, which decides the exception its problems become: a model or weights file
 * ({@link InvalidModelException}) or a prediction input/output file ({@link InvalidInputException}).
 */
enum FileKind {
    MODEL {
        @Override
        Keras1jException error(String message, Throwable cause) {
            return new InvalidModelException(message, cause);
        }
    },
    INPUT {
        @Override
        Keras1jException error(String message, Throwable cause) {
            return new InvalidInputException(message, cause);
        }
    };

    /** The exception for a problem of this kind of file; {@code cause} may be null. */
    abstract Keras1jException error(String message, Throwable cause);

    Keras1jException error(String message) {
        return error(message, null);
    }
}
