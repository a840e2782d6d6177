package keras1j.onnxruntime;

import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.exec.EngineInputs;
import keras1j.runtime.ir.Graph;
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
        return EngineInputs.check(graph, feeds);
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
}
