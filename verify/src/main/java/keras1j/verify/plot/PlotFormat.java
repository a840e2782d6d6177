package keras1j.verify.plot;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The picture formats {@link Plots} writes, chosen by file extension. */
public enum PlotFormat {
    /** Scalable vector graphics ({@code .svg}). */
    SVG("svg"),
    /** A bitmap ({@code .png}), drawn with Java2D. */
    PNG("png"),
    /** Graphviz text ({@code .dot}, {@code .gv}). */
    DOT("dot");

    private final String extension;

    PlotFormat(String extension) {
        this.extension = extension;
    }

    /** The usual file extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format of a file name by its extension (case-insensitive), if it is one of these. */
    public static Optional<PlotFormat> forPath(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (s.endsWith(".svg")) {
            return Optional.of(SVG);
        }
        if (s.endsWith(".png")) {
            return Optional.of(PNG);
        }
        if (s.endsWith(".dot") || s.endsWith(".gv")) {
            return Optional.of(DOT);
        }
        return Optional.empty();
    }
}
