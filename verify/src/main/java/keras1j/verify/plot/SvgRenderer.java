package keras1j.verify.plot;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link GraphLayout} as a standalone SVG document (no scripts, no external resources;
 * every text escaped). Each layer is a {@code <g class="layer" data-layer="NAME">} with a
 * {@code <title>} tooltip, each edge a {@code <path class="edge">}. Stateless and thread-safe.
 */
public final class SvgRenderer {
    /** The font stack: metric-compatible monospaced fonts first, as {@link GraphLayout} measures. */
    public static final String FONT_FAMILY = "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace";

    private SvgRenderer() {
    }

    /** A complete SVG document with XML declaration. */
    public static String document(GraphLayout layout) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(layout, "keras1j-plot");
    }

    /**
     * The {@code <svg>} element alone, for embedding in HTML; {@code idPrefix} keeps its ids (the
     * arrow marker) unique in the page.
     */
    public static String element(GraphLayout layout, String idPrefix) {
        String arrow = Xml.escape(idPrefix + "-arrow");
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" font-family=\"%s\" font-size=\"%.0f\" role=\"img\">%n",
                Math.ceil(layout.width()), Math.ceil(layout.height()), Math.ceil(layout.width()),
                Math.ceil(layout.height()), Xml.escape(FONT_FAMILY), GraphLayout.FONT_SIZE));
        sb.append("<defs><marker id=\"").append(arrow).append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" ")
                .append("markerWidth=\"8\" markerHeight=\"8\" orient=\"auto-start-reverse\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555555\"/></marker></defs>\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        for (GraphLayout.Route r : layout.routes()) {
            sb.append("<path class=\"edge\" data-from=\"").append(Xml.escape(r.edge().from())).append("\" data-to=\"")
                    .append(Xml.escape(r.edge().to())).append("\" d=\"").append(pathData(r.points()))
                    .append("\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1.3\" marker-end=\"url(#")
                    .append(arrow).append(")\"/>\n");
        }
        for (GraphLayout.Box b : layout.boxes()) {
            box(sb, b);
        }
        return sb.append("</svg>\n").toString();
    }

    private static void box(StringBuilder sb, GraphLayout.Box b) {
        NodeStyle s = b.style();
        sb.append("<g class=\"layer\" data-layer=\"").append(Xml.escape(b.node().name())).append("\" data-role=\"")
                .append(b.node().role().name().toLowerCase(Locale.ROOT)).append("\">");
        String tooltip = s.tooltip().isEmpty() ? b.node().title() : s.tooltip();
        sb.append("<title>").append(Xml.escape(tooltip)).append("</title>");
        double strokeWidth = b.node().role() == LayerNode.Role.OUTPUT ? 2.6 : 1.2;
        sb.append(String.format(Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\" fill=\"%s\" stroke=\"%s\" "
                        + "stroke-width=\"%.1f\"/>",
                b.x(), b.y(), b.width(), b.height(), s.fill(), s.stroke(), strokeWidth));
        if (b.node().isNestedModel()) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"3\" "
                    + "fill=\"none\" stroke=\"%s\" stroke-dasharray=\"4 3\"/>", b.x() + 3, b.y() + 3, b.width() - 6,
                    b.height() - 6, s.stroke()));
        }
        for (BoxGeometry.Rule r : BoxGeometry.rules(b)) {
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"0.8\"/>", r.x1(), r.y1(), r.x2(), r.y2(), s.stroke()));
        }
        for (BoxGeometry.Text t : BoxGeometry.texts(b)) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>", t.x(), t.y(),
                    t.bold() ? " font-weight=\"bold\"" : "")).append(Xml.escape(t.text())).append("</text>");
        }
        sb.append("</g>\n");
    }

    /** Straight first/last segments with smooth vertical curves between the points. */
    static String pathData(List<GraphLayout.Point> pts) {
        StringBuilder d = new StringBuilder();
        GraphLayout.Point p0 = pts.get(0);
        d.append(String.format(Locale.ROOT, "M%.1f,%.1f", p0.x(), p0.y()));
        for (int i = 1; i < pts.size(); i++) {
            GraphLayout.Point a = pts.get(i - 1);
            GraphLayout.Point b = pts.get(i);
            double my = (a.y() + b.y()) / 2;
            d.append(String.format(Locale.ROOT, " C%.1f,%.1f %.1f,%.1f %.1f,%.1f", a.x(), my, b.x(), my, b.x(), b.y()));
        }
        return d.toString();
    }
}
