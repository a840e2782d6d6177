package keras1j.runtime.exec;

import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

/**
 * The one check of the inputs given to an {@link Engine}, with the same rules and messages on every
 * engine: the Java engine (concrete and open-size graphs) and the ONNX Runtime engine. Stateless;
 * thread-safe.
 */
public final class EngineInputs {
    private EngineInputs() {
    }

    /**
     * Checks names and shapes against the graph's inputs (an open axis, {@link Shape#UNKNOWN}, takes
     * any positive size) and returns the common batch size.
     *
     * @throws InvalidInputException on a missing, unknown or null input, a wrong rank or non-batch
     *                               dimension, an empty batch, or batch sizes that differ between inputs
     */
    public static int check(Graph graph, Map<String, Tensor> inputs) {
        if (inputs == null) {
            throw new InvalidInputException("inputs must not be null");
        }
        for (String name : inputs.keySet()) {
            if (name == null || graph.inputs().stream().noneMatch(in -> in.name().equals(name))) {
                throw new InvalidInputException("unknown input '" + name + "'; the model's inputs are "
                        + graph.inputs().stream().map(in -> in.name() + " " + in.shape()).toList());
            }
        }
        String batchFrom = null;
        int batch = -1;
        for (GraphInput in : graph.inputs()) {
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new InvalidInputException("missing input '" + in.name() + "' of shape " + in.shape());
            }
            Shape expected = in.shape();
            int[] actual = t.shape();
            boolean fits = actual.length == expected.rank();
            for (int i = 1; fits && i < actual.length; i++) {
                fits = actual[i] == expected.dim(i) || (expected.dim(i) == Shape.UNKNOWN && actual[i] > 0);
            }
            if (!fits) {
                throw new InvalidInputException("input '" + in.name() + "': expected shape " + expected + ", got "
                        + Shape.of(actual));
            }
            if (actual[0] < 1) {
                throw new InvalidInputException("input '" + in.name() + "': batch size must be at least 1, got shape "
                        + Shape.of(actual) + " (expected " + expected + ")");
            }
            if (batchFrom == null) {
                batchFrom = in.name();
                batch = actual[0];
            } else if (actual[0] != batch) {
                throw new InvalidInputException("input '" + in.name() + "' has batch size " + actual[0] + " but input '"
                        + batchFrom + "' has " + batch);
            }
        }
        return batch;
    }
}
