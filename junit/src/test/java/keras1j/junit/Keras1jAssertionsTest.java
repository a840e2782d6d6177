package keras1j.junit;

import static keras1j.junit.Keras1jAssertions.assertMatchesKeras;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import keras1j.errors.Keras1jException;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.EngineKind;
import keras1j.verify.EngineSettings;
import keras1j.verify.VerifyReport;

/** The assertions on real fixtures, passing and failing. */
class Keras1jAssertionsTest {
    private static final Path FIXTURES = Path.of("..", "fixtures", "keras1");
    private static final Path MNIST = FIXTURES.resolve("mnist_cnn_th");
    private static final Path TWO_IO = FIXTURES.resolve("two_inputs_two_outputs");
    /** concat_maps and every layer downstream of it. */
    private static final Set<String> FROM_CONCAT_MAPS = Set.of("concat_maps", "maxpooling2d_1", "flatten_1",
            "concat_feat", "class_out", "mask_out");

    @Test
    void fullModelMatchesItsReference() {
        VerifyReport report = assertMatchesKeras(MNIST.resolve("model.h5"), MNIST.resolve("io.h5"));
        assertTrue(report.passed());
        assertEquals(1, report.outputs().size());
        assertTrue(report.outputs().get(0).maxAbsDiff() < 1e-5);
    }

    @Test
    void jsonWithWeightsMatchesOnEveryEngine() {
        assertMatchesKeras(TWO_IO.resolve("model.json"), TWO_IO.resolve("weights.h5"), TWO_IO.resolve("io.h5"));
        assertMatchesKeras(TWO_IO.resolve("model.json"), TWO_IO.resolve("weights.h5"), TWO_IO.resolve("io.h5"),
                MatchOptions.defaults().withEngine(EngineSettings.defaults().withKind(EngineKind.ONNXRUNTIME)
                        .withThreads(1)));
    }

    @Test
    void divergingModelFailsWithVerifysTextAndTheFirstDivergingLayer(@TempDir Path dir) {
        Path io = perturbed(dir, 0.25f);
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> assertMatchesKeras(TWO_IO.resolve("model.h5"), io));
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(TWO_IO.resolve("model.h5") + " does not match the Keras reference " + io
                + " (rtol 1.0E-4, atol 1.0E-5, engine " + EngineSettings.defaults().describe() + "):", lines.get(0));
        assertEquals(4, lines.size(), e.getMessage());
        assertTrue(lines.get(1).matches("class_out \\[2, 3\\] max\\|diff\\|=0\\.250 FAIL at \\[.*"), lines.get(1));
        assertTrue(lines.get(2).matches("mask_out \\[2, 1, 6, 6\\] max\\|diff\\|=0\\.250 FAIL at \\[.*"), lines.get(2));
        assertTrue(lines.get(3).startsWith("first diverging layer: concat_maps [2, 5, 6, 6] max|diff|=0.250 FAIL at "),
                lines.get(3));
    }

    @Test
    void toleranceWideEnoughPassesAndReportIsWrittenOnRequest(@TempDir Path dir) throws Exception {
        Path io = perturbed(dir, 0.25f);
        assertMatchesKeras(TWO_IO.resolve("model.h5"), io, 0, 0.3);
        Path html = dir.resolve("report.html");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> assertMatchesKeras(
                TWO_IO.resolve("model.h5"), io, MatchOptions.defaults().withReport(html)));
        assertTrue(e.getMessage().contains("; report: " + html + ":\n"), e.getMessage());
        String page = Files.readString(html);
        assertTrue(page.contains("<b>First diverging layer:</b> <span class=\"fail\">concat_maps</span>"));
    }

    @Test
    void badFilesAreKeras1jErrorsNotAssertionFailures(@TempDir Path dir) {
        Keras1jException e = assertThrows(Keras1jException.class,
                () -> assertMatchesKeras(TWO_IO.resolve("model.h5"), dir.resolve("missing.h5")));
        assertTrue(e.getMessage().contains("missing.h5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MatchOptions.defaults().withTolerance(-1, 0));
    }

    /** The fixture's reference file with concat_maps and everything after it shifted by {@code delta}. */
    private static Path perturbed(Path dir, float delta) {
        Path src = TWO_IO.resolve("io.h5");
        Map<String, Map<String, Tensor>> groups = new LinkedHashMap<>();
        groups.put("inputs", Hdf5Tensors.readGroup(src, "inputs"));
        for (String group : List.of("outputs", "layer_outputs")) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Hdf5Tensors.readGroup(src, group).forEach((name, t) -> {
                float[] d = t.data().clone();
                if (FROM_CONCAT_MAPS.contains(name)) {
                    for (int i = 0; i < d.length; i++) {
                        d[i] += delta;
                    }
                }
                tensors.put(name, Tensor.of(d, t.shape()));
            });
            groups.put(group, tensors);
        }
        Path out = dir.resolve("io-perturbed.h5");
        Hdf5Tensors.writeGroups(out, groups);
        return out;
    }
}
