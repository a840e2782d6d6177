package keras1j.verify.plot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keras1j.keras.ImportedModel;
import keras1j.keras.LayerSummary;
import keras1j.runtime.ir.GraphInput;

/**
 * The layer graph of an imported model as Keras draws it: one node per Keras layer (input layers
 * included, also a Sequential model's implicit one), one edge per pair of connected layers (a layer
 * consuming another several times, e.g. a shared layer's two uses merged, gets one edge). A model
 * used as a layer is one node, as in Keras. Immutable and thread-safe.
 */
public final class LayerGraph {
    private final List<LayerNode> nodes;
    private final List<Edge> edges;

    /**
     * A connection from one layer's output to another layer's input.
     *
     * @param from the producing layer's name
     * @param to   the consuming layer's name
     */
    public record Edge(String from, String to) {
    }

    /**
     * A graph of the given nodes and edges.
     *
     * @throws IllegalArgumentException for duplicate node names, edges naming unknown nodes, or a cycle
     */
    public LayerGraph(List<LayerNode> nodes, List<Edge> edges) {
        Map<String, LayerNode> byName = new LinkedHashMap<>();
        for (LayerNode n : nodes) {
            if (byName.put(n.name(), n) != null) {
                throw new IllegalArgumentException("duplicate layer '" + n.name() + "'");
            }
        }
        Set<Edge> unique = new LinkedHashSet<>();
        for (Edge e : edges) {
            if (!byName.containsKey(e.from()) || !byName.containsKey(e.to())) {
                throw new IllegalArgumentException("edge " + e + " names an unknown layer");
            }
            unique.add(e);
        }
        this.nodes = List.copyOf(nodes);
        this.edges = List.copyOf(unique);
        topologicalOrder();
    }

    /** The layer graph of {@code model}: its layers in model order, the implicit Sequential input first. */
    public static LayerGraph of(ImportedModel model) {
        Set<String> outputs = new LinkedHashSet<>(model.outputNames());
        Set<String> known = new LinkedHashSet<>();
        model.layers().forEach(l -> known.add(l.name()));
        List<LayerNode> nodes = new ArrayList<>();
        for (GraphInput in : model.graph().inputs()) {
            if (!known.contains(in.name())) {
                // a Sequential model's input layer is not part of its saved configuration
                String shape = in.shape().toString();
                nodes.add(new LayerNode(in.name(), "InputLayer", shape, shape, 1, LayerNode.Role.INPUT));
                known.add(in.name());
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (LayerSummary l : model.layers()) {
            LayerNode.Role role = l.className().equals("InputLayer") ? LayerNode.Role.INPUT
                    : outputs.contains(l.name()) ? LayerNode.Role.OUTPUT : LayerNode.Role.HIDDEN;
            nodes.add(new LayerNode(l.name(), l.className(), common(l.inputShapes()), common(l.outputShapes()),
                    Math.max(1, l.outputShapes().size()), role));
            for (String from : l.inbound()) {
                if (known.contains(from)) {
                    edges.add(new Edge(from, l.name()));
                }
            }
        }
        return new LayerGraph(nodes, edges);
    }

    /** The shape shared by every use, {@code multiple} when they differ (Keras' word), {@code ?} when unknown. */
    private static String common(List<String> shapes) {
        if (shapes.isEmpty()) {
            return "?";
        }
        return shapes.stream().distinct().count() == 1 ? shapes.get(0) : "multiple";
    }

    /** The nodes, in model order. */
    public List<LayerNode> nodes() {
        return nodes;
    }

    /** The edges, without duplicates, in model order of their targets. */
    public List<Edge> edges() {
        return edges;
    }

    /** The node called {@code name}. */
    public LayerNode node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + name + "'"));
    }

    /** Node names in an order where every edge goes forward (model order where possible). */
    public List<String> topologicalOrder() {
        Map<String, Integer> indegree = new LinkedHashMap<>();
        Map<String, List<String>> succ = new LinkedHashMap<>();
        for (LayerNode n : nodes) {
            indegree.put(n.name(), 0);
            succ.put(n.name(), new ArrayList<>());
        }
        for (Edge e : edges) {
            indegree.merge(e.to(), 1, Integer::sum);
            succ.get(e.from()).add(e.to());
        }
        List<String> order = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (order.size() < nodes.size()) {
            String next = null;
            for (LayerNode n : nodes) {
                if (!done.contains(n.name()) && indegree.get(n.name()) == 0) {
                    next = n.name();
                    break;
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("the layer graph has a cycle");
            }
            done.add(next);
            order.add(next);
            for (String s : succ.get(next)) {
                indegree.merge(s, -1, Integer::sum);
            }
        }
        return Collections.unmodifiableList(order);
    }
}
