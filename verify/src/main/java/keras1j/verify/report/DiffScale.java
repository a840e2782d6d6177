package keras1j.verify.report;

import java.util.List;
import java.util.Locale;

/**
 * The colours of the report: a layer's max |diff| against its reference, in bins of one decade (log
 * scale), green (tiny) to red (large); grey for a layer without reference. Stateless.
 */
public final class DiffScale {
    /** Fill of layers without a reference. */
    public static final String NO_REFERENCE = "#d9d9d9";

    /**
     * One colour bin.
     *
     * @param upTo   the largest max |diff| in the bin (inclusive), +infinity for the last one
     * @param colour {@code #rrggbb}
     * @param label  legend text
     */
    public record Bin(double upTo, String colour, String label) {
    }

    /** The bins, from the smallest differences up. */
    public static final List<Bin> BINS = List.of(
            new Bin(1e-6, "#74c476", "\u2264 1e-6"),
            new Bin(1e-5, "#c7e9c0", "\u2264 1e-5"),
            new Bin(1e-4, "#fff3b0", "\u2264 1e-4"),
            new Bin(1e-3, "#fdd49e", "\u2264 1e-3"),
            new Bin(1e-2, "#fdae6b", "\u2264 1e-2"),
            new Bin(Double.POSITIVE_INFINITY, "#fb6a4a", "> 1e-2, NaN or wrong shape"));

    private DiffScale() {
    }

    /** The colour of a max |diff|; NaN (a NaN value or a shape mismatch) counts as the largest. */
    public static String colour(double maxAbsDiff) {
        for (Bin b : BINS) {
            if (maxAbsDiff <= b.upTo()) {
                return b.colour();
            }
        }
        return BINS.get(BINS.size() - 1).colour();
    }

    /** {@code 3.21e-06}, {@code 0}, {@code NaN}. */
    public static String format(double v) {
        if (v == 0) {
            return "0";
        }
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3g", v);
    }
}
