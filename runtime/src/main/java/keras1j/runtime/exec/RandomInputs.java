package keras1j.runtime.exec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

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

    /** One tensor per graph input at {@code batch}, drawn from {@code random} in input order. */
    public static Map<String, Tensor> of(Graph graph, int batch, Random random) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (GraphInput input : graph.inputs()) {
            if (input.shape().hasOpenSampleDims()) {
                throw new keras1j.errors.InvalidInputException("input '" + input.name() + "' of shape " + input.shape()
                        + " has an open size (None): random inputs need every size (import with the input shape)");
            }
            int[] shape = input.shape().withBatch(batch).dims();
            float[] data = new float[Math.toIntExact(Tensor.elementCount(shape))];
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
