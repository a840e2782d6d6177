package keras1j.verify.report;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.EngineSettings;
import keras1j.verify.Engines;
import keras1j.verify.Verifier;
import keras1j.verify.VerifyReport;
import keras1j.verify.plot.LayerGraph;

/** The two_inputs_two_outputs fixture, and reference files perturbed from one layer on. */
final class ReportFixtures {
    static final Path CASE = Path.of("..", "fixtures", "keras1", "two_inputs_two_outputs");

    private ReportFixtures() {
    }

    static ImportedModel model() {
        return KerasModelLoader.load(CASE.resolve("model.h5"), null, ImportOptions.defaults());
    }

    static VerifyReport verify(ImportedModel model, Path io) {
        try (Engine engine = Engines.open(model.graph(), EngineSettings.defaults().withThreads(1))) {
            return Verifier.verify(model, engine, io, 1e-4, 1e-5, true);
        }
    }

    /**
     * A copy of the case's {@code io.h5} whose references of {@code layer} and every layer downstream
     * of it (and of the model outputs among them) are shifted by {@code delta}: as if the model had
     * gone wrong at {@code layer}.
     */
    static Path perturbedIo(ImportedModel model, String layer, float delta, Path dir) {
        LayerGraph g = LayerGraph.of(model);
        Set<String> downstream = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(layer);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (downstream.add(n)) {
                g.edges().stream().filter(e -> e.from().equals(n)).forEach(e -> todo.add(e.to()));
            }
        }
        Path src = CASE.resolve("io.h5");
        Map<String, Map<String, Tensor>> groups = new LinkedHashMap<>();
        groups.put("inputs", Hdf5Tensors.readGroup(src, "inputs"));
        groups.put("outputs", shift(Hdf5Tensors.readGroup(src, "outputs"), downstream, delta));
        groups.put("layer_outputs", shift(Hdf5Tensors.readGroup(src, "layer_outputs"), downstream, delta));
        Path out = dir.resolve("io-perturbed.h5");
        Hdf5Tensors.writeGroups(out, groups);
        return out;
    }

    private static Map<String, Tensor> shift(Map<String, Tensor> tensors, Set<String> names, float delta) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            if (!names.contains(name)) {
                out.put(name, t);
                return;
            }
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] += delta;
            }
            out.put(name, Tensor.of(d, t.shape()));
        });
        return out;
    }
}
