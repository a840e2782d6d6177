package keras1j.verify.plot;

import java.util.ArrayList;
import java.util.List;

/** Where the texts and rules of a box go, shared by the SVG and PNG renderers. Stateless. */
final class BoxGeometry {
    /** Baseline below the top of a line. */
    static final double BASELINE = 12;

    /** A text at a baseline position. */
    record Text(String text, double x, double y, boolean bold) {
    }

    /** A straight rule. */
    record Rule(double x1, double y1, double x2, double y2) {
    }

    private BoxGeometry() {
    }

    static List<Text> texts(GraphLayout.Box b) {
        List<Text> t = new ArrayList<>();
        double left = b.x() + GraphLayout.PADDING;
        double valueX = left + GraphLayout.textWidth(GraphLayout.LABEL_CHARS + 2);
        t.add(new Text(b.node().title(), left, lineTop(b, 0) + BASELINE, true));
        t.add(new Text("input:", left, lineTop(b, 1) + BASELINE, false));
        t.add(new Text(b.node().inputShape(), valueX, lineTop(b, 1) + BASELINE, false));
        t.add(new Text("output:", left, lineTop(b, 2) + BASELINE, false));
        t.add(new Text(b.node().outputShape(), valueX, lineTop(b, 2) + BASELINE, false));
        List<String> extra = b.style().extraLines();
        for (int i = 0; i < extra.size(); i++) {
            t.add(new Text(extra.get(i), left, lineTop(b, 3 + i) + BASELINE, false));
        }
        return t;
    }

    static List<Rule> rules(GraphLayout.Box b) {
        double underTitle = lineTop(b, 1) - 2;
        double column = b.x() + GraphLayout.PADDING + GraphLayout.textWidth(GraphLayout.LABEL_CHARS + 1);
        double rowsEnd = lineTop(b, 3) - 1;
        List<Rule> r = new ArrayList<>();
        r.add(new Rule(b.x(), underTitle, b.x() + b.width(), underTitle));
        r.add(new Rule(column, underTitle, column, rowsEnd));
        if (!b.style().extraLines().isEmpty()) {
            r.add(new Rule(b.x(), rowsEnd, b.x() + b.width(), rowsEnd));
        }
        return r;
    }

    /** Top of text line {@code i} (0 = title); lines after the title sit 4 px lower, below its rule. */
    private static double lineTop(GraphLayout.Box b, int i) {
        return b.y() + GraphLayout.PADDING + GraphLayout.LINE_HEIGHT * i + (i > 0 ? 4 : 0);
    }
}
