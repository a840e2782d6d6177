package keras1j.runtime.ir.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Transpose;

/**
 * Replaces a {@link Transpose} that only moves axes of size 1 (the non-unit axes keep their order,
 * e.g. a one-channel image from channels-first to channels-last) by a {@link Reshape} of the same
 * name and output shape: the data order does not change, so no copy is needed. Exact. A transpose
 * whose output has an open size ({@link Shape#UNKNOWN}) is left as it is. Stateless.
 */
public final class TransposeAsReshape implements GraphPass {

    /** The pass (stateless). */
    public TransposeAsReshape() {
    }

    @Override
    public String name() {
        return "transpose-as-reshape";
    }

    @Override
    public Graph apply(Graph graph, Set<String> keep) {
        List<Rewrite.Spec> specs = new ArrayList<>();
        boolean changed = false;
        for (Node n : graph.nodes()) {
            // an open size would make the reshape target depend on it: such a transpose stays
            if (n.op() instanceof Transpose t && !n.shape().hasOpenSampleDims()
                    && keepsOrder(graph.shapeOf(n.inputs().get(0)), t.perm())) {
                specs.add(new Rewrite.Spec(n.name(), new Reshape(n.shape().sampleDims()), n.inputs()));
                changed = true;
            } else {
                specs.add(Rewrite.Spec.of(n));
            }
        }
        return changed ? Rewrite.build(graph, specs) : graph;
    }

    /** True if the input axes of size other than 1 appear in {@code perm} in increasing order. */
    static boolean keepsOrder(Shape in, int[] perm) {
        int last = -1;
        for (int i = 1; i < perm.length; i++) {
            if (in.dim(perm[i]) != 1) {
                if (perm[i] < last) {
                    return false;
                }
                last = perm[i];
            }
        }
        return true;
    }
}
