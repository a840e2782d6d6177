package keras1j.verify.plot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A layered top-to-bottom drawing of a {@link LayerGraph} (the Sugiyama scheme, as Graphviz' dot
 * lays out Keras' plots): ranks by longest path from the inputs (inputs that feed only late layers
 * are moved down next to them), long edges split by invisible bend points, crossings reduced by
 * barycenter sweeps (the order with the fewest crossings is kept), and horizontal positions that put
 * each box as close as possible to the mean of its neighbouring boxes (bend points follow their
 * edges; least squares under the no-overlap constraint, solved exactly by pool-adjacent-violators). Text is measured for a 12 px monospaced
 * font, so the SVG and PNG renderings share this layout. Immutable and thread-safe.
 */
public final class GraphLayout {
    /** Font size of all text, in pixels. */
    public static final double FONT_SIZE = 12;
    /** Advance of one character of the monospaced font (DejaVu Sans Mono, Liberation Mono: 0.6 em). */
    public static final double CHAR_WIDTH = 0.6021 * FONT_SIZE;
    /** Distance between text baselines. */
    public static final double LINE_HEIGHT = 16;
    /** Inner padding of a box. */
    public static final double PADDING = 7;
    /** Characters of the label column ({@code output:}). */
    public static final int LABEL_CHARS = 7;

    private static final double RANK_GAP = 44;
    private static final double NODE_GAP = 26;
    private static final double MARGIN = 16;
    private static final double DUMMY_WIDTH = 6;
    private static final int SWEEPS = 16;
    private static final int PLACEMENT_ROUNDS = 12;

    /**
     * One placed box.
     *
     * @param node   the layer
     * @param style  how to paint it
     * @param x      left edge
     * @param y      top edge
     * @param width  box width
     * @param height box height
     */
    public record Box(LayerNode node, NodeStyle style, double x, double y, double width, double height) {
        /** Horizontal centre. */
        public double centerX() {
            return x + width / 2;
        }

        /** Bottom edge. */
        public double bottom() {
            return y + height;
        }

        /** Number of text lines: title, input row, output row, extra lines. */
        public int lineCount() {
            return 3 + style.extraLines().size();
        }
    }

    /** A point of the drawing. */
    public record Point(double x, double y) {
    }

    /**
     * The route of one edge: from the source's bottom to the target's top, through bend points.
     *
     * @param edge   the edge
     * @param points at least two points, the last one on the target's top edge
     */
    public record Route(LayerGraph.Edge edge, List<Point> points) {
        /** Copies the points. */
        public Route {
            points = List.copyOf(points);
        }
    }

    private final LayerGraph graph;
    private final List<Box> boxes;
    private final List<Route> routes;
    private final double width;
    private final double height;
    private final int crossings;

    private GraphLayout(LayerGraph graph, List<Box> boxes, List<Route> routes, double width, double height,
            int crossings) {
        this.graph = graph;
        this.boxes = List.copyOf(boxes);
        this.routes = List.copyOf(routes);
        this.width = width;
        this.height = height;
        this.crossings = crossings;
    }

    /** Lays out {@code graph} with the standard styles. */
    public static GraphLayout of(LayerGraph graph) {
        return of(graph, NodeStyle.standard());
    }

    /** Lays out {@code graph}; {@code styler} gives every node its style (its extra lines size the box). */
    public static GraphLayout of(LayerGraph graph, Function<LayerNode, NodeStyle> styler) {
        return new Builder(graph, styler).build();
    }

    /** The graph drawn. */
    public LayerGraph graph() {
        return graph;
    }

    /** The boxes, in the graph's node order. */
    public List<Box> boxes() {
        return boxes;
    }

    /** The box of layer {@code name}. */
    public Box box(String name) {
        return boxes.stream().filter(b -> b.node().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "'"));
    }

    /** One route per edge, in the graph's edge order. */
    public List<Route> routes() {
        return routes;
    }

    /** Width of the drawing, margins included. */
    public double width() {
        return width;
    }

    /** Height of the drawing, margins included. */
    public double height() {
        return height;
    }

    /** Edge crossings between adjacent ranks left by the ordering (bend points included). */
    public int crossings() {
        return crossings;
    }

    /** Width a text of {@code chars} characters takes. */
    public static double textWidth(int chars) {
        return chars * CHAR_WIDTH;
    }

    /** A vertex of the layered graph: a box or a bend point of a long edge. */
    private static final class Vertex {
        final LayerNode node;
        final double width;
        final double height;
        final int rank;
        final List<Vertex> preds = new ArrayList<>();
        final List<Vertex> succs = new ArrayList<>();
        double x;
        int pos;

        Vertex(LayerNode node, double width, double height, int rank) {
            this.node = node;
            this.width = width;
            this.height = height;
            this.rank = rank;
        }

        double center() {
            return x + width / 2;
        }
    }

    private static final class Builder {
        private final LayerGraph graph;
        private final Map<String, NodeStyle> styles = new LinkedHashMap<>();
        private final Map<String, Vertex> real = new LinkedHashMap<>();
        private final Map<LayerGraph.Edge, List<Vertex>> chains = new LinkedHashMap<>();
        private final List<List<Vertex>> ranks = new ArrayList<>();

        Builder(LayerGraph graph, Function<LayerNode, NodeStyle> styler) {
            this.graph = graph;
            for (LayerNode n : graph.nodes()) {
                styles.put(n.name(), styler.apply(n));
            }
        }

        GraphLayout build() {
            Map<String, Integer> rank = assignRanks();
            int maxRank = rank.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
            for (int r = 0; r <= maxRank; r++) {
                ranks.add(new ArrayList<>());
            }
            for (String name : graph.topologicalOrder()) {
                LayerNode n = graph.node(name);
                NodeStyle s = styles.get(name);
                Vertex v = new Vertex(n, boxWidth(n, s), boxHeight(s), rank.get(name));
                real.put(name, v);
                ranks.get(v.rank).add(v);
            }
            for (LayerGraph.Edge e : graph.edges()) {
                Vertex from = real.get(e.from());
                Vertex to = real.get(e.to());
                List<Vertex> chain = new ArrayList<>();
                chain.add(from);
                for (int r = from.rank + 1; r < to.rank; r++) {
                    Vertex d = new Vertex(null, DUMMY_WIDTH, 0, r);
                    ranks.get(r).add(d);
                    chain.add(d);
                }
                chain.add(to);
                for (int i = 0; i + 1 < chain.size(); i++) {
                    chain.get(i).succs.add(chain.get(i + 1));
                    chain.get(i + 1).preds.add(chain.get(i));
                }
                chains.put(e, chain);
            }
            int crossings = order();
            place();
            return assemble(crossings);
        }

        /** Longest path from the sources; a source then moves down to just above its first consumer. */
        private Map<String, Integer> assignRanks() {
            Map<String, Integer> rank = new HashMap<>();
            Map<String, List<String>> preds = new HashMap<>();
            Map<String, List<String>> succs = new HashMap<>();
            for (LayerGraph.Edge e : graph.edges()) {
                preds.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
                succs.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            }
            for (String n : graph.topologicalOrder()) {
                int r = 0;
                for (String p : preds.getOrDefault(n, List.of())) {
                    r = Math.max(r, rank.get(p) + 1);
                }
                rank.put(n, r);
            }
            for (String n : graph.topologicalOrder()) {
                List<String> s = succs.getOrDefault(n, List.of());
                if (preds.getOrDefault(n, List.of()).isEmpty() && !s.isEmpty()) {
                    rank.put(n, s.stream().mapToInt(rank::get).min().getAsInt() - 1);
                }
            }
            int min = rank.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            rank.replaceAll((k, v) -> v - min);
            return rank;
        }

        /** Barycenter sweeps; keeps the order with the fewest crossings. Returns that count. */
        private int order() {
            renumber();
            List<List<Vertex>> best = snapshot();
            int bestCrossings = crossings();
            for (int sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
                boolean down = sweep % 2 == 0;
                if (down) {
                    for (int r = 1; r < ranks.size(); r++) {
                        sortByBarycenter(ranks.get(r), true);
                    }
                } else {
                    for (int r = ranks.size() - 2; r >= 0; r--) {
                        sortByBarycenter(ranks.get(r), false);
                    }
                }
                int c = crossings();
                if (c < bestCrossings) {
                    bestCrossings = c;
                    best = snapshot();
                }
            }
            ranks.clear();
            ranks.addAll(best);
            renumber();
            return bestCrossings;
        }

        private void sortByBarycenter(List<Vertex> rank, boolean usePreds) {
            Map<Vertex, Double> key = new HashMap<>();
            for (Vertex v : rank) {
                List<Vertex> nb = usePreds ? v.preds : v.succs;
                key.put(v, nb.isEmpty() ? v.pos : nb.stream().mapToInt(n -> n.pos).average().getAsDouble());
            }
            // stable sort: ties keep the current (initially model) order
            rank.sort(Comparator.comparingDouble(key::get));
            for (int i = 0; i < rank.size(); i++) {
                rank.get(i).pos = i;
            }
        }

        private void renumber() {
            for (List<Vertex> rank : ranks) {
                for (int i = 0; i < rank.size(); i++) {
                    rank.get(i).pos = i;
                }
            }
        }

        private List<List<Vertex>> snapshot() {
            List<List<Vertex>> copy = new ArrayList<>();
            for (List<Vertex> rank : ranks) {
                copy.add(new ArrayList<>(rank));
            }
            return copy;
        }

        private int crossings() {
            int total = 0;
            for (int r = 0; r + 1 < ranks.size(); r++) {
                List<int[]> segments = new ArrayList<>();
                for (Vertex v : ranks.get(r)) {
                    for (Vertex s : v.succs) {
                        segments.add(new int[] {v.pos, s.pos});
                    }
                }
                for (int i = 0; i < segments.size(); i++) {
                    for (int j = i + 1; j < segments.size(); j++) {
                        int[] a = segments.get(i);
                        int[] b = segments.get(j);
                        if ((a[0] - b[0]) * (a[1] - b[1]) < 0) {
                            total++;
                        }
                    }
                }
            }
            return total;
        }

        /** Horizontal positions: packed, then pulled towards the neighbours' mean, rank by rank. */
        private void place() {
            for (List<Vertex> rank : ranks) {
                double x = 0;
                for (Vertex v : rank) {
                    v.x = x;
                    x += v.width + NODE_GAP;
                }
            }
            // centre every rank on the widest one before aligning
            double widest = ranks.stream().mapToDouble(Builder::rankWidth).max().orElse(0);
            for (List<Vertex> rank : ranks) {
                double shift = (widest - rankWidth(rank)) / 2;
                rank.forEach(v -> v.x += shift);
            }
            for (int round = 0; round < PLACEMENT_ROUNDS; round++) {
                boolean down = round % 2 == 0;
                boolean both = round == PLACEMENT_ROUNDS - 1;
                if (down) {
                    for (int r = 1; r < ranks.size(); r++) {
                        align(ranks.get(r), true, both);
                    }
                } else {
                    for (int r = ranks.size() - 2; r >= 0; r--) {
                        align(ranks.get(r), false, both);
                    }
                }
            }
            double min = ranks.stream().flatMap(List::stream).mapToDouble(v -> v.x).min().orElse(0);
            ranks.stream().flatMap(List::stream).forEach(v -> v.x += MARGIN - min);
        }

        private static double rankWidth(List<Vertex> rank) {
            return rank.isEmpty() ? 0 : rank.get(rank.size() - 1).x + rank.get(rank.size() - 1).width - rank.get(0).x;
        }

        /**
         * Moves the rank's vertices as close as possible (least squares) to their wanted left edges,
         * keeping their order and gaps: with {@code y_i = x_i - offset_i} the constraints become
         * {@code y_i <= y_(i+1)}, an isotonic regression solved by pool-adjacent-violators.
         */
        private static void align(List<Vertex> rank, boolean usePreds, boolean both) {
            int n = rank.size();
            if (n == 0) {
                return;
            }
            double[] target = new double[n];
            double[] weight = new double[n];
            double offset = 0;
            double[] offsets = new double[n];
            for (int i = 0; i < n; i++) {
                Vertex v = rank.get(i);
                List<Vertex> nb = new ArrayList<>(usePreds || both ? v.preds : v.succs);
                if (both) {
                    nb.addAll(v.succs);
                }
                if (v.node != null && nb.stream().anyMatch(u -> u.node != null)) {
                    // a box follows the boxes next to it, not the bend points of long edges passing by:
                    // keeps chains straight (no drift along residual blocks) and skip edges beside them
                    nb.removeIf(u -> u.node == null);
                }
                double want = nb.isEmpty() ? v.center() : nb.stream().mapToDouble(Vertex::center).average().getAsDouble();
                offsets[i] = offset;
                target[i] = want - v.width / 2 - offset;
                // a bend point gives way to a box: long edges bend rather than boxes shift (and drift)
                weight[i] = (v.node == null ? 1 : 1000) * Math.max(1, nb.size());
                offset += v.width + NODE_GAP;
            }
            double[] blockValue = new double[n];
            double[] blockWeight = new double[n];
            int[] blockSize = new int[n];
            int blocks = 0;
            for (int i = 0; i < n; i++) {
                blockValue[blocks] = target[i];
                blockWeight[blocks] = weight[i];
                blockSize[blocks] = 1;
                blocks++;
                while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
                    double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
                    blockValue[blocks - 2] = (blockValue[blocks - 2] * blockWeight[blocks - 2]
                            + blockValue[blocks - 1] * blockWeight[blocks - 1]) / w;
                    blockWeight[blocks - 2] = w;
                    blockSize[blocks - 2] += blockSize[blocks - 1];
                    blocks--;
                }
            }
            int i = 0;
            for (int b = 0; b < blocks; b++) {
                for (int k = 0; k < blockSize[b]; k++, i++) {
                    rank.get(i).x = blockValue[b] + offsets[i];
                }
            }
        }

        private GraphLayout assemble(int crossings) {
            double y = MARGIN;
            double[] rankTop = new double[ranks.size()];
            double[] rankBottom = new double[ranks.size()];
            for (int r = 0; r < ranks.size(); r++) {
                double h = ranks.get(r).stream().mapToDouble(v -> v.height).max().orElse(0);
                rankTop[r] = y;
                rankBottom[r] = y + h;
                y += h + RANK_GAP;
            }
            double height = y - RANK_GAP + MARGIN;
            double width = ranks.stream().flatMap(List::stream).mapToDouble(v -> v.x + v.width).max().orElse(0) + MARGIN;
            Map<String, Box> boxByName = new LinkedHashMap<>();
            for (Vertex v : real.values()) {
                double top = (rankTop[v.rank] + rankBottom[v.rank] - v.height) / 2;
                boxByName.put(v.node.name(), new Box(v.node, styles.get(v.node.name()), v.x, top, v.width, v.height));
            }
            List<Box> boxes = new ArrayList<>();
            for (LayerNode n : graph.nodes()) {
                boxes.add(boxByName.get(n.name()));
            }
            List<Route> routes = new ArrayList<>();
            for (Map.Entry<LayerGraph.Edge, List<Vertex>> e : chains.entrySet()) {
                List<Vertex> chain = e.getValue();
                Vertex from = chain.get(0);
                Vertex to = chain.get(chain.size() - 1);
                Box fromBox = boxByName.get(from.node.name());
                Box toBox = boxByName.get(to.node.name());
                List<Point> pts = new ArrayList<>();
                pts.add(new Point(port(from, chain.get(1), from.succs), fromBox.bottom()));
                for (int i = 1; i + 1 < chain.size(); i++) {
                    Vertex d = chain.get(i);
                    pts.add(new Point(d.center(), rankTop[d.rank]));
                    pts.add(new Point(d.center(), rankBottom[d.rank]));
                }
                pts.add(new Point(port(to, chain.get(chain.size() - 2), to.preds), toBox.y()));
                routes.add(new Route(e.getKey(), pts));
            }
            return new GraphLayout(graph, boxes, routes, width, height, crossings);
        }

        /** Where an edge leaves or enters {@code v}: spread over the middle of the box, ordered by the other end. */
        private static double port(Vertex v, Vertex other, List<Vertex> ends) {
            List<Vertex> sorted = new ArrayList<>(ends);
            sorted.sort(Comparator.comparingDouble(Vertex::center));
            int n = sorted.size();
            if (n <= 1) {
                return v.center();
            }
            int k = sorted.indexOf(other);
            double span = Math.min(v.width * 0.6, (n - 1) * 18.0);
            return v.center() - span / 2 + span * k / (n - 1);
        }

        private static double boxWidth(LayerNode n, NodeStyle s) {
            int chars = n.title().length();
            chars = Math.max(chars, LABEL_CHARS + 2 + Math.max(n.inputShape().length(), n.outputShape().length()));
            for (String line : s.extraLines()) {
                chars = Math.max(chars, line.length());
            }
            return Math.ceil(textWidth(chars) + 2 * PADDING);
        }

        private static double boxHeight(NodeStyle s) {
            return 2 * PADDING + LINE_HEIGHT * (3 + s.extraLines().size()) + 4;
        }
    }
}
