package keras1j.runtime.ir;

import java.util.List;

/**
 * One op application. A node produces exactly one value, named like the node.
 *
 * @param name   unique value name within the graph
 * @param op     the operation
 * @param inputs names of the values consumed, in order
 * @param shape  the inferred output shape (batch symbolic)
 */
public record Node(String name, Op op, List<String> inputs, Shape shape) {
    public Node {
        inputs = List.copyOf(inputs);
    }
}
