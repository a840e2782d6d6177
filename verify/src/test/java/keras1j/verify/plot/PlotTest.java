package keras1j.verify.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.verify.plot.LayerGraph.Edge;
import keras1j.verify.plot.LayerNode.Role;

/** The layer graph, its layout and the three renderings. */
class PlotTest {
    static final Path FIXTURES = Path.of("..", "fixtures", "keras1");

    static ImportedModel fixture(String id) {
        return KerasModelLoader.load(FIXTURES.resolve(id).resolve("model.json"), null, ImportOptions.defaults());
    }

    private static String dense(String name, int out, String extra) {
        return "{\"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, " + extra
                + "\"output_dim\": " + out + ", \"init\": \"glorot_uniform\", \"activation\": \"linear\", "
                + "\"W_regularizer\": null, \"b_regularizer\": null, \"activity_regularizer\": null, \"W_constraint\": "
                + "null, \"b_constraint\": null, \"bias\": true, \"input_dim\": null}}";
    }

    private static String input(String name) {
        return "{\"name\": \"" + name + "\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": "
                + "[null, 2], \"input_dtype\": \"float32\", \"sparse\": false, \"name\": \"" + name + "\"}, "
                + "\"inbound_nodes\": []}";
    }

    /** A siamese model: a nested Sequential "encoder" shared by two inputs, its two uses summed. */
    static final String SIAMESE = "{\"class_name\": \"Model\", \"config\": {\"name\": \"model_1\", \"layers\": ["
            + input("input_1") + ", " + input("input_2") + ", "
            + "{\"name\": \"encoder\", \"class_name\": \"Sequential\", \"config\": ["
            + dense("dense_1", 3, "\"batch_input_shape\": [null, 2], \"input_dtype\": \"float32\", ") + ", "
            + dense("dense_2", 1, "") + "], \"inbound_nodes\": [[[\"input_1\", 0, 0]], [[\"input_2\", 0, 0]]]}, "
            + "{\"name\": \"merge_1\", \"class_name\": \"Merge\", \"config\": {\"name\": \"merge_1\", \"mode\": \"sum\", "
            + "\"mode_type\": \"raw\", \"concat_axis\": -1, \"dot_axes\": -1, \"output_shape\": null, "
            + "\"output_shape_type\": \"raw\", \"output_mask\": null, \"output_mask_type\": \"raw\", \"arguments\": {}}, "
            + "\"inbound_nodes\": [[[\"encoder\", 0, 0], [\"encoder\", 1, 0]]]}], \"input_layers\": "
            + "[[\"input_1\", 0, 0], [\"input_2\", 0, 0]], \"output_layers\": [[\"merge_1\", 0, 0]]}, "
            + "\"keras_version\": \"1.2.2\"}";

    static ImportedModel siamese(Path dir) throws IOException {
        Path json = dir.resolve("siamese.json");
        Files.writeString(json, SIAMESE);
        return KerasModelLoader.load(json, null, ImportOptions.defaults());
    }

    @Test
    void functionalModelHasOneNodePerLayerWithShapesAndEdgesFromInboundLayers() {
        LayerGraph g = LayerGraph.of(fixture("two_inputs_two_outputs"));
        assertEquals(12, g.nodes().size());
        LayerNode image = g.node("image");
        assertEquals(new LayerNode("image", "InputLayer", "(None, 2, 6, 6)", "(None, 2, 6, 6)", 1, Role.INPUT), image);
        assertEquals(Role.INPUT, g.node("sequence").role());
        assertEquals(Role.OUTPUT, g.node("class_out").role());
        assertEquals(Role.OUTPUT, g.node("mask_out").role());
        assertEquals(Role.HIDDEN, g.node("concat_feat").role());
        LayerNode merge = g.node("concat_maps");
        assertTrue(merge.isMerge());
        assertEquals("[(None, 3, 6, 6), (None, 2, 6, 6)]", merge.inputShape());
        assertEquals("(None, 5, 6, 6)", merge.outputShape());
        assertEquals("concat_maps: Merge", merge.title());
        assertTrue(g.edges().containsAll(List.of(new Edge("branch3x3", "concat_maps"), new Edge("branch1x1", "concat_maps"),
                new Edge("concat_maps", "mask_out"), new Edge("concat_maps", "maxpooling2d_1"),
                new Edge("sequence", "seq_conv"))));
        assertEquals(12, g.edges().size());
    }

    @Test
    void sequentialModelGetsItsImplicitInputLayer() {
        LayerGraph g = LayerGraph.of(fixture("mnist_cnn_th"));
        LayerNode first = g.nodes().get(0);
        assertEquals("convolution2d_input_1", first.name());
        assertEquals("InputLayer", first.className());
        assertEquals("(None, 1, 12, 12)", first.outputShape());
        assertEquals(new Edge("convolution2d_input_1", "convolution2d_1"), g.edges().get(0));
        // a chain: every layer feeds the next one
        assertEquals(g.nodes().size() - 1, g.edges().size());
    }

    @Test
    void nestedModelIsOneSharedBoxAndItsTwoUsesOneEdge(@TempDir Path dir) throws IOException {
        LayerGraph g = LayerGraph.of(siamese(dir));
        LayerNode encoder = g.node("encoder");
        assertTrue(encoder.isNestedModel());
        assertEquals(2, encoder.uses());
        assertEquals("(None, 1)", encoder.outputShape());
        assertEquals(List.of(new Edge("input_1", "encoder"), new Edge("input_2", "encoder"),
                new Edge("encoder", "merge_1")), g.edges());
        assertEquals(List.of("shared: 2 uses"), NodeStyle.standard(encoder).extraLines());
        GraphLayout layout = GraphLayout.of(g);
        assertEquals(layout.box("input_1").y(), layout.box("input_2").y());
        assertTrue(SvgRenderer.document(layout).contains("stroke-dasharray"));
        assertTrue(DotWriter.write(g).contains("\"encoder\" [label=\"encoder: Sequential\\n|{input:|output:}|"
                + "{{(None, 2)}|{(None, 1)}}\", fillcolor=\"#dcefd9\", peripheries=2];"));
    }

    @Test
    void layoutPutsEveryEdgeDownwardsWithoutOverlapsOrCrossings() {
        for (String id : List.of("two_inputs_two_outputs", "wavenet_residual", "mnist_cnn_th", "segmentation_th")) {
            GraphLayout layout = GraphLayout.of(LayerGraph.of(fixture(id)));
            for (GraphLayout.Route r : layout.routes()) {
                GraphLayout.Box from = layout.box(r.edge().from());
                GraphLayout.Box to = layout.box(r.edge().to());
                assertTrue(from.bottom() < to.y(), id + ": " + r.edge());
                assertEquals(from.bottom(), r.points().get(0).y(), 1e-9);
                assertEquals(to.y(), r.points().get(r.points().size() - 1).y(), 1e-9);
                double endX = r.points().get(r.points().size() - 1).x();
                assertTrue(endX > to.x() && endX < to.x() + to.width(), id + ": " + r.edge());
            }
            List<GraphLayout.Box> boxes = layout.boxes();
            for (int i = 0; i < boxes.size(); i++) {
                GraphLayout.Box a = boxes.get(i);
                assertTrue(a.x() >= 0 && a.x() + a.width() <= layout.width() && a.bottom() <= layout.height(), id);
                for (int j = i + 1; j < boxes.size(); j++) {
                    GraphLayout.Box b = boxes.get(j);
                    boolean overlap = a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.bottom()
                            && b.y() < a.bottom();
                    assertFalse(overlap, id + ": " + a.node().name() + " overlaps " + b.node().name());
                }
            }
            assertEquals(0, layout.crossings(), id);
        }
    }

    @Test
    void crossingsOfTheModelOrderAreRemoved() {
        // declared order a, b, then x (fed by b) before y (fed by a): drawn in model order the edges cross
        List<LayerNode> nodes = List.of(node("a", Role.INPUT), node("b", Role.INPUT), node("x", Role.HIDDEN),
                node("y", Role.HIDDEN), node("p", Role.OUTPUT), node("q", Role.OUTPUT));
        LayerGraph g = new LayerGraph(nodes, List.of(new Edge("b", "x"), new Edge("a", "y"), new Edge("y", "p"),
                new Edge("x", "q")));
        GraphLayout layout = GraphLayout.of(g);
        assertEquals(0, layout.crossings());
        assertEquals(layout.box("a").x() < layout.box("b").x(), layout.box("y").x() < layout.box("x").x());
        assertEquals(layout.box("y").x() < layout.box("x").x(), layout.box("p").x() < layout.box("q").x());
    }

    @Test
    void inputFeedingOnlyALateLayerIsDrawnNextToIt() {
        LayerGraph g = new LayerGraph(List.of(node("a", Role.INPUT), node("h1", Role.HIDDEN), node("h2", Role.HIDDEN),
                node("late", Role.INPUT), node("m", Role.OUTPUT)), List.of(new Edge("a", "h1"), new Edge("h1", "h2"),
                new Edge("h2", "m"), new Edge("late", "m")));
        GraphLayout layout = GraphLayout.of(g);
        assertEquals(layout.box("h2").y(), layout.box("late").y());
    }

    @Test
    void largeResidualNetworkIsLaidOutQuicklyWithoutCrossings() {
        List<LayerNode> nodes = new java.util.ArrayList<>(List.of(node("in", Role.INPUT)));
        List<Edge> edges = new java.util.ArrayList<>();
        String prev = "in";
        for (int i = 0; i < 150; i++) {
            String a = "conv_a" + i;
            String b = "conv_b" + i;
            String m = "merge_" + i;
            nodes.addAll(List.of(node(a, Role.HIDDEN), node(b, Role.HIDDEN), node(m, Role.HIDDEN)));
            edges.addAll(List.of(new Edge(prev, a), new Edge(a, b), new Edge(b, m), new Edge(prev, m)));
            prev = m;
        }
        long start = System.nanoTime();
        GraphLayout layout = GraphLayout.of(new LayerGraph(nodes, edges));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(0, layout.crossings());
        assertEquals(451, layout.boxes().size());
        assertTrue(seconds < 5, "layout took " + seconds + " s");
        assertTrue(layout.width() < 600, "the skip edges stay beside the chain: width " + layout.width());
    }

    @Test
    void graphRejectsDuplicatesUnknownLayersAndCycles() {
        assertThrows(IllegalArgumentException.class, () -> new LayerGraph(List.of(node("a", Role.INPUT),
                node("a", Role.HIDDEN)), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new LayerGraph(List.of(node("a", Role.INPUT)),
                List.of(new Edge("a", "b"))));
        assertThrows(IllegalArgumentException.class, () -> new LayerGraph(List.of(node("a", Role.HIDDEN),
                node("b", Role.HIDDEN)), List.of(new Edge("a", "b"), new Edge("b", "a"))));
    }

    private static LayerNode node(String name, Role role) {
        return new LayerNode(name, "Dense", "(None, 2)", "(None, 2)", 1, role);
    }

    @Test
    void svgIsWellFormedEscapedAndNamesEveryLayer() throws Exception {
        String odd = "a<&>\"'\u0001z";
        LayerGraph g = new LayerGraph(List.of(new LayerNode(odd, "InputLayer", "(None, 2)", "(None, 2)", 1, Role.INPUT),
                node("out", Role.OUTPUT)), List.of(new Edge(odd, "out")));
        Document doc = parse(SvgRenderer.document(GraphLayout.of(g)));
        Set<String> layers = layerNames(doc);
        assertEquals(Set.of("a<&>\"'\uFFFDz", "out"), layers);

        LayerGraph two = LayerGraph.of(fixture("two_inputs_two_outputs"));
        Document d2 = parse(SvgRenderer.document(GraphLayout.of(two)));
        assertEquals(two.nodes().stream().map(LayerNode::name).collect(Collectors.toSet()), layerNames(d2));
        assertEquals(two.edges().size(), d2.getElementsByTagName("path").getLength() - 1);
        String text = d2.getDocumentElement().getTextContent();
        assertTrue(text.contains("concat_maps: Merge"));
        assertTrue(text.contains("[(None, 3, 6, 6), (None, 2, 6, 6)]"));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Set<String> layerNames(Document doc) {
        Set<String> names = new HashSet<>();
        NodeList groups = doc.getElementsByTagName("g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("layer")) {
                names.add(g.getAttribute("data-layer"));
            }
        }
        return names;
    }

    @Test
    void pngHasTheLayoutSizeAndPaintsTheBoxes(@TempDir Path dir) throws IOException {
        ImportedModel model = fixture("two_inputs_two_outputs");
        Path png = dir.resolve("model.png");
        assertEquals(PlotFormat.PNG, Plots.write(model, png));
        BufferedImage img = ImageIO.read(png.toFile());
        GraphLayout layout = GraphLayout.of(LayerGraph.of(model));
        assertEquals((int) Math.ceil(layout.width() * Plots.PNG_SCALE), img.getWidth());
        assertEquals((int) Math.ceil(layout.height() * Plots.PNG_SCALE), img.getHeight());
        // inside the input box, right of its text: the input fill colour
        GraphLayout.Box image = layout.box("image");
        int px = (int) ((image.x() + image.width() - 4) * Plots.PNG_SCALE);
        int py = (int) ((image.y() + image.height() / 2) * Plots.PNG_SCALE);
        assertEquals(0xd6e6f5, img.getRGB(px, py) & 0xffffff);
        long ink = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    ink++;
                }
            }
        }
        double fraction = ink / (double) (img.getWidth() * img.getHeight());
        assertTrue(fraction > 0.15 && fraction < 0.8, "painted fraction " + fraction);
    }

    @Test
    void dotIsKerasRecordsAndEdges(@TempDir Path dir) throws IOException {
        Path dot = dir.resolve("model.dot");
        Plots.write(fixture("two_inputs_two_outputs"), dot);
        String text = Files.readString(dot);
        assertTrue(text.startsWith("digraph G {\n  rankdir=TB;\n"));
        assertTrue(text.contains("\"concat_maps\" [label=\"concat_maps: Merge\\n|{input:|output:}|"
                + "{{[(None, 3, 6, 6), (None, 2, 6, 6)]}|{(None, 5, 6, 6)}}\", fillcolor=\"#e6dcf2\"];"), text);
        assertTrue(text.contains("\"class_out\" [label=\"class_out: Dense\\n|{input:|output:}|{{(None, 49)}|{(None, 3)}}\", "
                + "fillcolor=\"#fdf6d8\", penwidth=2.5];"), text);
        assertTrue(text.contains("  \"image\" -> \"branch3x3\";\n"));
        assertEquals("a\\{b\\|c\\}\\<d\\>", DotWriter.record("a{b|c}<d>"));
        assertEquals("\"x\\\"y\"", DotWriter.id("x\"y"));
    }

    @Test
    void unknownExtensionIsRefusedAndNothingIsLeftBehind(@TempDir Path dir) throws IOException {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Plots.write(fixture("mnist_cnn_th"), dir.resolve("model.jpg")));
        assertTrue(e.getMessage().contains("model.jpg"), e.getMessage());
        Plots.write(fixture("mnist_cnn_th"), dir.resolve("model.SVG"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("model.SVG"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
