package keras1j.keras;

import java.util.Locale;

import keras1j.errors.InvalidInputException;

/**
 * The Keras 1 backend a model was trained with. Keras 1 files do not record it; it decides whether
 * convolution kernels are flipped (Theano performs true convolutions) and how {@code 'same'}
 * padding is placed.
 */
public enum Backend {
    THEANO("theano"),
    TENSORFLOW("tensorflow");

    private final String keras;

    Backend(String keras) {
        this.keras = keras;
    }

    /** The name Keras uses in {@code keras.json}: {@code theano} or {@code tensorflow}. */
    public String keras() {
        return keras;
    }

    /**
     * Parses a backend name, ignoring case and surrounding blanks; accepts the Keras names
     * ({@code theano}, {@code tensorflow}), the enum names and the short forms {@code th} / {@code tf}.
     *
     * @throws InvalidInputException naming the allowed values
     */
    public static Backend parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "theano", "th":
                return THEANO;
            case "tensorflow", "tf":
                return TENSORFLOW;
            default:
                throw new InvalidInputException("unknown backend '" + text + "': expected theano or tensorflow");
        }
    }
}
