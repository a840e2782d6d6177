package keras1j.cli;

import keras1j.errors.Keras1jException;

/** The command line itself is wrong: unknown command or option, missing argument. Exit code 2. */
final class UsageException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
