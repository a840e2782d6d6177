package keras1j.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

/** Checks engine inputs against the graph inputs before they reach ONNX Runtime. Stateless. */
final class InputValidation {
    private InputValidation() {
    }

    /**
     * @throws InvalidInputException on a missing, unknown or null input, a wrong rank or non-batch
     *                               dimension, or batch sizes that differ between inputs
     */
    static void check(Graph graph, Map<String, Tensor> feeds) {
        if (feeds == null) {
            throw new InvalidInputException("no inputs given; expected " + describe(graph.inputs()));
        }
        for (String name : feeds.keySet()) {
            if (graph.inputs().stream().noneMatch(in -> in.name().equals(name))) {
                throw new InvalidInputException("unknown input '" + name + "'; the model inputs are "
                        + describe(graph.inputs()));
            }
        }
        String batchFrom = null;
        int batch = -1;
        for (GraphInput in : graph.inputs()) {
            Tensor t = feeds.get(in.name());
            if (t == null) {
                throw new InvalidInputException("missing input '" + in.name() + "' of shape " + in.shape());
            }
            Shape expected = in.shape();
            int[] actual = t.shape();
            boolean fits = actual.length == expected.rank();
            for (int i = 1; fits && i < actual.length; i++) {
                fits = actual[i] == expected.dim(i);
            }
            if (!fits) {
                throw new InvalidInputException("input '" + in.name() + "': expected shape " + expected + ", got "
                        + Shape.of(actual));
            }
            if (batchFrom == null) {
                batchFrom = in.name();
                batch = actual[0];
            } else if (actual[0] != batch) {
                throw new InvalidInputException("input '" + in.name() + "' has batch size " + actual[0] + " but input '"
                        + batchFrom + "' has " + batch);
            }
        }
    }

    private static String describe(List<GraphInput> inputs) {
        List<String> parts = new ArrayList<>();
        for (GraphInput in : inputs) {
            parts.add("'" + in.name() + "' " + in.shape());
        }
        return String.join(", ", parts);
    }
}
