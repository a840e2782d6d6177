package keras1j.onnxruntime;

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
     * Checks names and shapes with the Java engine's rules and messages; returns the common batch size.
     *
     * @throws InvalidInputException on a missing, unknown or null input, a wrong rank or non-batch
     *                               dimension, an empty batch, or batch sizes that differ between inputs
     */
    static int check(Graph graph, Map<String, Tensor> feeds) {
        if (feeds == null) {
            throw new InvalidInputException("inputs must not be null");
        }
        for (String name : feeds.keySet()) {
            if (name == null || graph.inputs().stream().noneMatch(in -> in.name().equals(name))) {
                throw new InvalidInputException("unknown input '" + name + "'; the model's inputs are "
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

    /**
     * Rejects a batch size for which a returned value would not fit a Java array.
     *
     * @throws InvalidInputException naming the value and its size
     */
    static void checkResultSize(Graph graph, int batch, Iterable<String> values) {
        for (String v : values) {
            if (graph.shapeOf(v).hasOpenSampleDims()) {
                continue; // sized by the actual inputs; ONNX Runtime allocates it
            }
            long size = batch * graph.shapeOf(v).sampleSize();
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("batch size " + batch + " is too large: value '" + v
                        + "' would hold " + size + " values");
            }
        }
    }

    private static String describe(List<GraphInput> inputs) {
        List<String> parts = new ArrayList<>();
        for (GraphInput in : inputs) {
            parts.add(in.name() + " " + in.shape());
        }
        return parts.toString();
    }
}
