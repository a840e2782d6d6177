package keras1j.runtime.ir.pass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Pad;

/**
 * Absorbs zero padding into the convolutions that read it: a convolution whose input is a
 * {@link Pad} of spatial axes only reads the pad's input instead, with the pad's zeros added to its
 * own padding (exact: the zeros it skips contribute nothing). The pad node is dropped when nothing
 * else reads it and it is neither a graph output nor kept. Stateless.
 */
public final class AbsorbPadding implements GraphPass {

    /** The pass (stateless). */
    public AbsorbPadding() {
    }

    @Override
    public String name() {
        return "absorb-padding";
    }

    @Override
    public Graph apply(Graph graph, Set<String> keep) {
        Map<String, Node> byName = new HashMap<>();
        for (Node n : graph.nodes()) {
            byName.put(n.name(), n);
        }
        Map<String, Integer> readers = Rewrite.consumers(graph);
        List<Rewrite.Spec> specs = new ArrayList<>();
        boolean changed = false;
        for (Node n : graph.nodes()) {
            Rewrite.Spec s = Rewrite.Spec.of(n);
            if (n.op() instanceof Conv conv && n.inputs().size() == 1) {
                Node pad = byName.get(n.inputs().get(0));
                Conv merged = pad == null ? null : absorb(conv, pad.op());
                if (merged != null) {
                    s = new Rewrite.Spec(n.name(), merged, pad.inputs());
                    readers.merge(pad.name(), -1, Integer::sum);
                    changed = true;
                }
            }
            specs.add(s);
        }
        if (!changed) {
            return graph;
        }
        Set<String> pinned = Rewrite.pinned(graph, keep);
        specs.removeIf(s -> s.op() instanceof Pad && readers.getOrDefault(s.name(), 0) == 0
                && !pinned.contains(s.name()));
        return Rewrite.build(graph, specs);
    }

    /**
     * The convolution {@code conv} with the spatial zeros of {@code pad} added to its own padding, or
     * {@code null} when {@code pad} is not a {@link Pad} of spatial axes only (for rank-matching ops).
     */
    public static Conv absorb(Conv conv, Op pad) {
        if (!(pad instanceof Pad p)) {
            return null;
        }
        int r = conv.spatialRank();
        int last = p.begin().length - 1;
        if (last != r + 1 || p.begin()[0] != 0 || p.end()[0] != 0 || p.begin()[last] != 0 || p.end()[last] != 0) {
            return null;
        }
        int[] begin = conv.padsBegin().clone();
        int[] end = conv.padsEnd().clone();
        for (int a = 0; a < r; a++) {
            begin[a] += p.begin()[a + 1];
            end[a] += p.end()[a + 1];
        }
        return new Conv(conv.kernel(), conv.bias(), conv.strides(), conv.dilations(), begin, end, conv.groups());
    }
}
