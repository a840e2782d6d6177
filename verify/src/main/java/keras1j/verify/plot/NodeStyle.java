package keras1j.verify.plot;

import java.util.List;
import java.util.function.Function;

/**
 * How one box is painted: fill colour, border colour and extra text lines under the shapes (e.g. a
 * layer's difference from the reference). Colours are {@code #rrggbb}.
 *
 * @param fill       the box fill
 * @param stroke     the box border
 * @param extraLines text lines added at the bottom of the box, possibly empty
 * @param tooltip    a longer text shown on hover in SVG, or empty
 */
public record NodeStyle(String fill, String stroke, List<String> extraLines, String tooltip) {
    /** Checks the colours ({@code #rrggbb}) and copies the lines. */
    public NodeStyle {
        checkColour(fill);
        checkColour(stroke);
        extraLines = List.copyOf(extraLines);
    }

    private static void checkColour(String c) {
        if (!c.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("colour must be #rrggbb, got '" + c + "'");
        }
    }

    /** This style with other extra lines. */
    public NodeStyle withExtraLines(List<String> lines) {
        return new NodeStyle(fill, stroke, lines, tooltip);
    }

    /** This style with another fill. */
    public NodeStyle withFill(String f) {
        return new NodeStyle(f, stroke, extraLines, tooltip);
    }

    /** This style with another tooltip. */
    public NodeStyle withTooltip(String t) {
        return new NodeStyle(fill, stroke, extraLines, t);
    }

    /**
     * The plot's default: inputs blue, merges violet, nested models green, other layers pale
     * yellow; a shared layer gets a line saying how often it is used.
     */
    public static NodeStyle standard(LayerNode node) {
        String fill = node.role() == LayerNode.Role.INPUT ? "#d6e6f5"
                : node.isMerge() ? "#e6dcf2"
                : node.isNestedModel() ? "#dcefd9"
                : "#fdf6d8";
        List<String> extra = node.uses() > 1 ? List.of("shared: " + node.uses() + " uses") : List.of();
        return new NodeStyle(fill, "#333333", extra, "");
    }

    /** {@link #standard(LayerNode)} as a function. */
    public static Function<LayerNode, NodeStyle> standard() {
        return NodeStyle::standard;
    }
}
