package keras1j.verify.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

/**
 * Renders a {@link GraphLayout} into an image with Java2D (works headless: no display needed). Same
 * layout, colours and texts as {@link SvgRenderer}. Stateless and thread-safe.
 */
final class PngRenderer {
    private static final String[] FONTS = {"DejaVu Sans Mono", "Liberation Mono"};

    private PngRenderer() {
    }

    /**
     * The drawing at {@code scale} (1 = one pixel per layout unit; 2 for high-density screens).
     *
     * @throws IllegalArgumentException for a scale outside (0, 8]
     */
    public static BufferedImage render(GraphLayout layout, double scale) {
        if (!(scale > 0 && scale <= 8)) {
            throw new IllegalArgumentException("scale must be in (0, 8], got " + scale);
        }
        int w = (int) Math.ceil(layout.width() * scale);
        int h = (int) Math.ceil(layout.height() * scale);
        BufferedImage img = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            g.scale(scale, scale);
            Color edge = Color.decode("#555555");
            for (GraphLayout.Route r : layout.routes()) {
                drawEdge(g, r.points(), edge);
            }
            Font plain = font().deriveFont(Font.PLAIN, (float) GraphLayout.FONT_SIZE);
            Font bold = plain.deriveFont(Font.BOLD);
            for (GraphLayout.Box b : layout.boxes()) {
                drawBox(g, b, plain, bold);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    private static Font font() {
        List<String> available = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames());
        for (String f : FONTS) {
            if (available.contains(f)) {
                return new Font(f, Font.PLAIN, 12);
            }
        }
        return new Font(Font.MONOSPACED, Font.PLAIN, 12);
    }

    private static void drawEdge(java.awt.Graphics2D g, List<GraphLayout.Point> pts, Color colour) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(pts.get(0).x(), pts.get(0).y());
        for (int i = 1; i < pts.size(); i++) {
            GraphLayout.Point a = pts.get(i - 1);
            GraphLayout.Point b = pts.get(i);
            double my = (a.y() + b.y()) / 2;
            double endY = i == pts.size() - 1 ? b.y() - 6 : b.y();
            path.curveTo(a.x(), my, b.x(), my, b.x(), endY);
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.3f));
        g.draw(path);
        GraphLayout.Point tip = pts.get(pts.size() - 1);
        Polygon arrow = new Polygon();
        arrow.addPoint((int) Math.round(tip.x() - 4), (int) Math.round(tip.y() - 8));
        arrow.addPoint((int) Math.round(tip.x() + 4), (int) Math.round(tip.y() - 8));
        arrow.addPoint((int) Math.round(tip.x()), (int) Math.round(tip.y()));
        g.fill(arrow);
    }

    private static void drawBox(java.awt.Graphics2D g, GraphLayout.Box b, Font plain, Font bold) {
        NodeStyle s = b.style();
        Color stroke = Color.decode(s.stroke());
        RoundRectangle2D.Double rect = new RoundRectangle2D.Double(b.x(), b.y(), b.width(), b.height(), 8, 8);
        g.setColor(Color.decode(s.fill()));
        g.fill(rect);
        g.setColor(stroke);
        g.setStroke(new BasicStroke(b.node().role() == LayerNode.Role.OUTPUT ? 2.6f : 1.2f));
        g.draw(rect);
        if (b.node().isNestedModel()) {
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4, 3}, 0));
            g.draw(new RoundRectangle2D.Double(b.x() + 3, b.y() + 3, b.width() - 6, b.height() - 6, 6, 6));
        }
        g.setStroke(new BasicStroke(0.8f));
        for (BoxGeometry.Rule r : BoxGeometry.rules(b)) {
            g.draw(new Line2D.Double(r.x1(), r.y1(), r.x2(), r.y2()));
        }
        g.setColor(Color.decode("#111111"));
        for (BoxGeometry.Text t : BoxGeometry.texts(b)) {
            g.setFont(t.bold() ? bold : plain);
            g.drawString(t.text(), (float) t.x(), (float) t.y());
        }
    }
}
