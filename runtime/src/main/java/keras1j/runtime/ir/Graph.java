package keras1j.runtime.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keras1j.errors.InvalidModelException;
import keras1j.errors.ShapeException;

/**
 * An immutable, validated dataflow graph: inputs, nodes in topological order, outputs, and free-form
 * metadata (source file, Keras version, backend, dim ordering). Built only through
 * {@link GraphBuilder}, which checks names and infers every shape. Thread-safe.
 *
 * <p>A graph whose weights are placeholders (an architecture-only import, see
 * {@link GraphBuilder#weightsMissing}) can be inspected, but every engine and exporter refuses it
 * through {@link #requireWeights}: it would compute confident nonsense.
 */
public final class Graph {
    /**
     * Metadata key recording why the weights are placeholders; kept in the metadata so that a pass
     * that rebuilds a graph with its metadata keeps the mark.
     */
    public static final String WEIGHTS_MISSING = "weights_missing";
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

    /** True when some graph input has an open non-batch axis ({@link Shape#UNKNOWN}). */
    public boolean hasOpenInputs() {
        for (GraphInput in : inputs) {
            if (in.shape().hasOpenSampleDims()) {
                return true;
            }
        }
        return false;
    }

    /**
     * This graph specialized to concrete input shapes: the same inputs, nodes, ops, outputs and
     * metadata, with every shape inferred again from {@code inputShapes} (by input name, batch axis
     * {@link Shape#BATCH}; inputs not listed keep their declared shape). Each given shape must have the
     * declared rank and agree with every declared size; open sizes take the given ones.
     *
     * @throws ShapeException if a shape does not fit its input or an op rejects the resulting shapes
     */
    public Graph withInputShapes(Map<String, Shape> inputShapes) {
        GraphBuilder b = new GraphBuilder();
        for (GraphInput in : inputs) {
            Shape declared = in.shape();
            Shape given = inputShapes.getOrDefault(in.name(), declared);
            boolean fits = given.rank() == declared.rank() && given.dim(0) == Shape.BATCH;
            for (int a = 1; fits && a < given.rank(); a++) {
                fits = declared.dim(a) == Shape.UNKNOWN || declared.dim(a) == given.dim(a);
            }
            if (!fits) {
                throw new ShapeException("input '" + in.name() + "' of shape " + declared + " cannot take shape " + given);
            }
            b.input(in.name(), given);
        }
        for (Node n : nodes) {
            b.add(n.name(), n.op(), n.inputs().toArray(new String[0]));
        }
        for (GraphOutput o : outputs) {
            b.output(o.name(), o.value());
        }
        metadata.forEach(b::metadata);
        return b.build();
    }

    /** Why the weights are placeholders, if they are (e.g. an architecture JSON imported without weights). */
    public Optional<String> missingWeights() {
        return Optional.ofNullable(metadata.get(WEIGHTS_MISSING));
    }

    /**
     * The check every engine and exporter makes before using the graph's weights.
     *
     * @param purpose what was about to happen, for the message (e.g. {@code "run on the Java engine"})
     * @throws InvalidModelException naming the source and the reason if the weights are placeholders
     */
    public void requireWeights(String purpose) {
        Optional<String> why = missingWeights();
        if (why.isPresent()) {
            String source = metadata.getOrDefault("source", "the model");
            throw new InvalidModelException(source + ": cannot " + purpose + ": " + why.get());
        }
    }

    /**
     * True if some op {@linkplain Op#mixesSamples() mixes samples}: the outputs then depend on how the
     * inputs are split into batches (as they do in Keras), so callers that batch for their own reasons
     * (streaming, Spark partitions) must say so or keep one batch.
     */
    public boolean mixesSamples() {
        for (Node n : nodes) {
            if (n.op().mixesSamples()) {
                return true;
            }
        }
        return false;
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
