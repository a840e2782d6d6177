package keras1j.fuzz;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;
import keras1j.errors.Keras1jException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * Fuzz target: the whole path a user takes, {@code KerasModelLoader.load} (a full-model HDF5 file,
 * or an architecture JSON imported without weights) then {@code JavaEngine.create} and
 * {@code predict} on a batch of one. Every outcome must be outputs of the shapes the graph declares,
 * or a {@link Keras1jException}; with a small memory budget, so that hostile sizes end as
 * {@link keras1j.errors.ResourceLimitException}s quickly.
 */
class LoadPredictFuzzTest {
    private static final MemoryBudget BUDGET = MemoryBudget.ofBytes(64L << 20);

    @FuzzTest(maxDuration = "5m")
    void loadAndPredict(byte[] data) {
        Path file = FuzzFiles.write(data);
        try {
            ImportedModel model = KerasModelLoader.load(file, null, ImportOptions.defaults().withMemoryBudget(BUDGET)
                    .withRandomWeights(1));
            predict(model.graph());
        } catch (Keras1jException e) {
            Invariants.checkMessage(e);
        }
    }

    private static void predict(Graph graph) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (GraphInput in : graph.inputs()) {
            int[] dims = in.shape().withBatch(1).dims();
            long n = Tensor.elementCount(dims);
            if (n > (4L << 20)) {
                return; // a valid but large model: the import was the point
            }
            float[] x = new float[(int) n];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i % 3) * 0.5f; // whole-number ids where an Embedding reads them: 0, 0.5 -> rejected, ...
            }
            if (isEmbeddingInput(graph, in)) {
                Arrays.fill(x, 0f);
            }
            inputs.put(in.name(), Tensor.of(x, dims));
        }
        try (JavaEngine engine = JavaEngine.create(graph, new JavaEngineOptions(1).withMemoryBudget(BUDGET))) {
            Map<String, Tensor> out = engine.predict(inputs);
            for (GraphOutput o : graph.outputs()) {
                Tensor t = out.get(o.name());
                int[] expected = graph.shapeOf(o.value()).withBatch(1).dims();
                if (t == null || !Arrays.equals(t.shape(), expected)) {
                    throw new AssertionError("output " + o.name() + ": expected shape " + Arrays.toString(expected)
                            + ", got " + (t == null ? "none" : Arrays.toString(t.shape())));
                }
            }
        }
    }

    private static boolean isEmbeddingInput(Graph graph, GraphInput in) {
        return graph.nodes().stream().anyMatch(n -> n.op() instanceof keras1j.runtime.ir.Gather
                && n.inputs().contains(in.name()));
    }
}
