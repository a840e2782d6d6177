package keras1j.runtime.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.Node;
import keras1j.runtime.tensor.Tensor;

/**
 * Random inputs for a graph, for benchmarks and smoke runs: uniform in {@code [-1, 1)}, except
 * inputs that feed an embedding lookup ({@link Gather}), which get id 0 (valid for any vocabulary).
 * Stateless.
 */
public final class RandomInputs {
    private RandomInputs() {
    }

    /**
     * One tensor per graph input at {@code batch}, drawn from {@code random} in input order.
     *
     * @throws InvalidInputException if {@code batch < 1} or an input would not fit a Java array
     */
    public static Map<String, Tensor> of(Graph graph, int batch, Random random) {
        if (batch < 1) {
            throw new InvalidInputException("batch size must be at least 1, got " + batch);
        }
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (GraphInput input : graph.inputs()) {
            if (input.shape().hasOpenSampleDims()) {
                throw new InvalidInputException("input '" + input.name() + "' of shape " + input.shape()
                        + " has an open size (None): random inputs need every size (import with the input shape)");
            }
            long sample = input.shape().sampleSize();
            long size = sample > Integer.MAX_VALUE ? Long.MAX_VALUE : sample * batch;
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("batch size " + batch + " is too large: input '" + input.name()
                        + "' would hold " + size + " values");
            }
            int[] shape = input.shape().withBatch(batch).dims();
            float[] data = new float[(int) size];
            if (!feedsGather(graph, input.name())) {
                for (int i = 0; i < data.length; i++) {
                    data[i] = random.nextFloat() * 2 - 1;
                }
            }
            in.put(input.name(), Tensor.of(data, shape));
        }
        return in;
    }

    private static boolean feedsGather(Graph graph, String value) {
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Gather && n.inputs().contains(value)) {
                return true;
            }
        }
        return false;
    }
}
