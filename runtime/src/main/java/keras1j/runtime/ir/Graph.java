package keras1j.runtime.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.ShapeException;

/**
 * An immutable, validated dataflow graph: inputs, nodes in topological order, outputs, and free-form
 * metadata (source file, Keras version, backend, dim ordering). Built only through
 * {@link GraphBuilder}, which checks names and infers every shape. Thread-safe.
 */
public final class Graph {
    private final List<GraphInput> inputs;
    private final List<Node> nodes;
    private final List<GraphOutput> outputs;
    private final Map<String, Shape> shapes;
    private final Map<String, String> metadata;

    Graph(List<GraphInput> inputs, List<Node> nodes, List<GraphOutput> outputs, Map<String, Shape> shapes,
            Map<String, String> metadata) {
        this.inputs = List.copyOf(inputs);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
        this.shapes = Collections.unmodifiableMap(new LinkedHashMap<>(shapes));
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public List<GraphInput> inputs() {
        return inputs;
    }

    /** Nodes in topological order: every input of a node is a graph input or an earlier node. */
    public List<Node> nodes() {
        return nodes;
    }

    public List<GraphOutput> outputs() {
        return outputs;
    }

    /** Shape of any value (graph input or node), batch symbolic. */
    public Shape shapeOf(String value) {
        Shape s = shapes.get(value);
        if (s == null) {
            throw new ShapeException("no value named '" + value + "' in the graph");
        }
        return s;
    }

    /** True if a graph input or node of that name exists. */
    public boolean hasValue(String value) {
        return shapes.containsKey(value);
    }

    /** Metadata such as {@code source}, {@code keras_version}, {@code backend}, {@code dim_ordering}. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Total learned parameters over all ops. */
    public long parameterCount() {
        long n = 0;
        for (Node node : nodes) {
            n += node.op().parameterCount();
        }
        return n;
    }
}
