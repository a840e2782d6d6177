package keras1j.verify.plot;

/**
 * Writes a {@link LayerGraph} as Graphviz DOT text in the form Keras' {@code model_to_dot(model,
 * show_shapes=True)} produces: top-to-bottom, record nodes {@code name: Class | {input:|output:} |
 * {{in}|{out}}}, one edge per connected pair. {@code dot -Tsvg} renders it. Stateless and thread-safe.
 */
public final class DotWriter {
    private DotWriter() {
    }

    /** The DOT text of {@code graph}, nodes filled with their standard style colours. */
    public static String write(LayerGraph graph) {
        StringBuilder sb = new StringBuilder("digraph G {\n");
        sb.append("  rankdir=TB;\n  concentrate=true;\n");
        sb.append("  node [shape=record, style=filled, fontname=\"DejaVu Sans Mono\", fontsize=11];\n");
        for (LayerNode n : graph.nodes()) {
            NodeStyle s = NodeStyle.standard(n);
            String label = record(n.title()) + "\\n|{input:|output:}|{{" + record(n.inputShape()) + "}|{"
                    + record(n.outputShape()) + "}}";
            sb.append("  ").append(id(n.name())).append(" [label=\"").append(label).append("\", fillcolor=\"")
                    .append(s.fill()).append('"');
            if (n.role() == LayerNode.Role.OUTPUT) {
                sb.append(", penwidth=2.5");
            }
            if (n.isNestedModel()) {
                sb.append(", peripheries=2");
            }
            sb.append("];\n");
        }
        for (LayerGraph.Edge e : graph.edges()) {
            sb.append("  ").append(id(e.from())).append(" -> ").append(id(e.to())).append(";\n");
        }
        return sb.append("}\n").toString();
    }

    /** A quoted DOT identifier. */
    static String id(String name) {
        return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    /** Text inside a record label: the record syntax characters and quotes escaped. */
    static String record(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("{}|<>\"\\".indexOf(c) >= 0) {
                sb.append('\\');
            } else if (c == '\n' || c == '\r') {
                sb.append(' ');
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
