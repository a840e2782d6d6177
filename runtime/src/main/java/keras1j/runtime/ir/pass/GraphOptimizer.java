package keras1j.runtime.ir.pass;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import keras1j.runtime.ir.Graph;

/**
 * The standard sequence of {@link GraphPass}es both engines run: the Java engine before planning, the
 * ONNX export ({@code keras1j.onnx.OnnxExporter}, unless its options turn the passes off) before
 * lowering, keeping every value the caller exposes. The passes turn transpositions that only move
 * axes of size 1 into reshapes, fold per-channel affine maps (batch normalization) into the
 * convolution or dense layer before them, then absorb zero padding into the convolutions that read
 * it. (Activations are fused into their producers by the Java engine's schedule, and by ONNX
 * Runtime's own optimizer; in ONNX they stay separate nodes.) The passes work on graphs with open
 * sizes too. Stateless and thread-safe.
 */
public final class GraphOptimizer {
    private static final List<GraphPass> STANDARD = List.of(new TransposeAsReshape(), new FoldChannelAffine(),
            new AbsorbPadding());

    private GraphOptimizer() {
    }

    /** The standard passes, in the order they run. */
    public static List<GraphPass> standard() {
        return STANDARD;
    }

    /** {@code graph} after the standard passes, keeping only its outputs. */
    public static Graph optimize(Graph graph) {
        return optimize(graph, Set.of());
    }

    /** {@code graph} after the standard passes, keeping its outputs and the values named in {@code keep}. */
    public static Graph optimize(Graph graph, Collection<String> keep) {
        Objects.requireNonNull(graph, "graph");
        Set<String> k = Set.copyOf(keep);
        Graph g = graph;
        for (GraphPass p : STANDARD) {
            g = p.apply(g, k);
        }
        return g;
    }
}
