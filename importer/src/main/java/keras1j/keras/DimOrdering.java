package keras1j.keras;

import java.util.Locale;

import keras1j.errors.InvalidInputException;

/**
 * Keras 1 image dimension ordering: {@code th} puts channels first ({@code (samples, channels,
 * rows, cols)}), {@code tf} last ({@code (samples, rows, cols, channels)}).
 */
public enum DimOrdering {
    TH("th"),
    TF("tf");

    private final String keras;

    DimOrdering(String keras) {
        this.keras = keras;
    }

    /** The value Keras writes: {@code th} or {@code tf}. */
    public String keras() {
        return keras;
    }

    /**
     * Parses a dim ordering, ignoring case and surrounding blanks; accepts {@code th} / {@code tf},
     * the enum names and the Keras 2 spellings {@code channels_first} / {@code channels_last}.
     *
     * @throws InvalidInputException naming the allowed values
     */
    public static DimOrdering parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "th", "channels_first":
                return TH;
            case "tf", "channels_last":
                return TF;
            default:
                throw new InvalidInputException("unknown dim ordering '" + text + "': expected th or tf");
        }
    }
}
