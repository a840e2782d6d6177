package keras1j.runtime.ir.pass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;

/** Shared helpers of the passes: consumer counts, protected values, rebuilding a graph. Stateless. */
final class Rewrite {
    private Rewrite() {
    }

    /** Per value name, the number of node inputs that read it (a node reading a value twice counts twice). */
    static Map<String, Integer> consumers(Graph g) {
        Map<String, Integer> n = new HashMap<>();
        for (Node node : g.nodes()) {
            for (String in : node.inputs()) {
                n.merge(in, 1, Integer::sum);
            }
        }
        return n;
    }

    /** The values that must survive: {@code keep} and every graph output's value. */
    static Set<String> pinned(Graph g, Set<String> keep) {
        Set<String> p = new HashSet<>(keep);
        for (GraphOutput o : g.outputs()) {
            p.add(o.value());
        }
        return p;
    }

    /** A node of the rewritten graph: a name, an op and input value names. */
    record Spec(String name, Op op, List<String> inputs) {
        static Spec of(Node n) {
            return new Spec(n.name(), n.op(), n.inputs());
        }
    }

    /** The graph with {@code g}'s inputs, outputs and metadata and the given nodes (shapes inferred again). */
    static Graph build(Graph g, List<Spec> nodes) {
        GraphBuilder b = new GraphBuilder();
        for (GraphInput in : g.inputs()) {
            b.input(in.name(), in.shape());
        }
        for (Spec s : nodes) {
            b.add(s.name(), s.op(), s.inputs().toArray(String[]::new));
        }
        for (GraphOutput o : g.outputs()) {
            b.output(o.name(), o.value());
        }
        g.metadata().forEach(b::metadata);
        return b.build();
    }

    /** The nodes of {@code g} as specs, in order. */
    static List<Spec> specs(Graph g) {
        List<Spec> s = new ArrayList<>(g.nodes().size());
        for (Node n : g.nodes()) {
            s.add(Spec.of(n));
        }
        return s;
    }
}
