package keras1j.runtime.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.ShapeException;

/**
 * Builds a {@link Graph}: owns value names (duplicates rejected, {@link #uniqueName} for derived
 * ones) and runs each op's shape inference as the node is added, so an invalid graph fails where
 * the mistake is made. Not thread-safe; use one builder per import.
 */
public final class GraphBuilder {
    private final List<GraphInput> inputs = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<GraphOutput> outputs = new ArrayList<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Integer> suffixes = new HashMap<>();

    /** An empty builder. */
    public GraphBuilder() {
    }

    /** Declares a graph input and returns its value name. */
    public String input(String name, Shape shape) {
        claim(name);
        if (shape.dim(0) != Shape.BATCH) {
            throw new ShapeException("graph input '" + name + "' must have a symbolic batch axis, got " + shape);
        }
        inputs.add(new GraphInput(name, shape));
        shapes.put(name, shape);
        return name;
    }

    /**
     * Adds a node named {@code name} applying {@code op} to {@code inputs}; returns the name.
     *
     * @throws ShapeException if a name is taken, an input is unknown or the op rejects the shapes
     */
    public String add(String name, Op op, String... inputNames) {
        List<Shape> in = new ArrayList<>(inputNames.length);
        for (String i : inputNames) {
            in.add(shapeOf(i));
        }
        Shape out;
        try {
            out = op.inferShape(in);
        } catch (ShapeException e) {
            throw new ShapeException("node '" + name + "': " + e.getMessage());
        }
        claim(name);
        nodes.add(new Node(name, op, Arrays.asList(inputNames), out));
        shapes.put(name, out);
        return name;
    }

    /** Marks {@code value} as the graph output called {@code name}. */
    public void output(String name, String value) {
        shapeOf(value);
        for (GraphOutput o : outputs) {
            if (o.name().equals(name)) {
                throw new ShapeException("duplicate graph output '" + name + "'");
            }
        }
        outputs.add(new GraphOutput(name, value));
    }

    /** Records a metadata entry (later entries replace earlier ones). */
    public void metadata(String key, String value) {
        metadata.put(key, value);
    }

    /**
     * Marks the graph's weights as placeholders (e.g. zeros standing in for the weights of an
     * architecture-only import, so that shapes can still be inferred): the built graph can be
     * inspected, and {@link Graph#requireWeights} refuses it to engines and exporters.
     *
     * @param why the reason and remedy, for messages (e.g. {@code "no weights (architecture only): ..."})
     */
    public void weightsMissing(String why) {
        metadata.put(Graph.WEIGHTS_MISSING, why);
    }

    /** Shape of an existing value. */
    public Shape shapeOf(String value) {
        Shape s = shapes.get(value);
        if (s == null) {
            throw new ShapeException("unknown value '" + value + "'");
        }
        return s;
    }

    /** A name not used yet, {@code base} itself if free, else {@code base_1}, {@code base_2}, ... */
    public String uniqueName(String base) {
        if (!shapes.containsKey(base)) {
            return base;
        }
        int k = suffixes.getOrDefault(base, 0);
        String candidate;
        do {
            k++;
            candidate = base + "_" + k;
        } while (shapes.containsKey(candidate));
        suffixes.put(base, k);
        return candidate;
    }

    /** The finished graph; requires at least one output. */
    public Graph build() {
        if (outputs.isEmpty()) {
            throw new ShapeException("graph has no outputs");
        }
        return new Graph(inputs, nodes, outputs, shapes, metadata);
    }

    private void claim(String name) {
        if (name == null || name.isEmpty()) {
            throw new ShapeException("value names must be non-empty");
        }
        if (shapes.containsKey(name)) {
            throw new ShapeException("duplicate value name '" + name + "'");
        }
    }
}
