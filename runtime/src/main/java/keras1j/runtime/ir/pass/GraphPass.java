package keras1j.runtime.ir.pass;

import java.util.Set;

import keras1j.runtime.ir.Graph;

/**
 * A rewrite of a {@link Graph} into an equivalent one that is cheaper to run. A pass keeps the
 * graph's inputs, outputs and metadata, and every value named in {@code keep} computable under its
 * name with the same meaning; other intermediate values may disappear (a value that survives
 * always keeps its meaning, up to float rounding). Implementations are stateless and thread-safe.
 */
public interface GraphPass {

    /** Short name for logs and tests, e.g. {@code fold-channel-affine}. */
    String name();

    /**
     * The rewritten graph ({@code graph} itself when nothing applies).
     *
     * @param keep value names that must remain computable (graph outputs always do)
     */
    Graph apply(Graph graph, Set<String> keep);
}
