package keras1j.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.tensor.Tensor;

/** An architecture imported without weights can be inspected but not run, unless random weights are asked for. */
class WeightlessImportTest {
    private static final Path MNIST_JSON = Path.of("..", "fixtures", "keras1", "mnist_cnn_th", "model.json");
    private static final Path BATCHNORM_JSON = Path.of("..", "fixtures", "keras1", "batchnorm_conv2d_th", "model.json");

    @Test
    void architectureOnlyImportHasASummaryButNoRunnableGraph() {
        ImportedModel m = KerasModelLoader.load(MNIST_JSON, null, ImportOptions.defaults());
        assertFalse(m.hasWeights());
        assertFalse(m.canRun());
        assertTrue(m.randomWeightsSeed().isEmpty());
        assertTrue(m.layers().size() > 5, "layers are listed");
        assertTrue(m.graph().missingWeights().isPresent());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> JavaEngine.create(m.graph()));
        assertEquals("model.json: cannot run on the Java engine: the model has no weights (architecture only): "
                + "pass its weights file (--weights W.h5), or ask for seeded random weights (--random-weights SEED,"
                + " ImportOptions.withRandomWeights(seed))", e.getMessage().replace(MNIST_JSON.toString(), "model.json"));
    }

    @Test
    void theRegistryRefusesItToo() {
        ImportedModel m = KerasModelLoader.load(MNIST_JSON, null, ImportOptions.defaults());
        assertThrows(InvalidModelException.class,
                () -> EngineRegistry.open(EngineRegistry.JAVA, m.graph(), EngineConfig.defaults()));
    }

    @Test
    void savedWeightsMakeAGraphWithoutTheMark() {
        ImportedModel m = KerasModelLoader.load(MNIST_JSON, MNIST_JSON.resolveSibling("weights.h5"),
                ImportOptions.defaults().withRandomWeights(3));
        assertTrue(m.hasWeights());
        assertTrue(m.randomWeightsSeed().isEmpty(), "random weights never replace saved ones");
        assertTrue(m.graph().missingWeights().isEmpty());
    }

    @Test
    void randomWeightsRunAndAreReproducible() {
        Map<String, Tensor> in = null;
        float[][] outs = new float[3][];
        long[] seeds = {5, 5, 6};
        for (int i = 0; i < 3; i++) {
            ImportedModel m = KerasModelLoader.load(MNIST_JSON, null, ImportOptions.defaults().withRandomWeights(seeds[i]));
            assertTrue(m.canRun());
            assertEquals(seeds[i], m.randomWeightsSeed().getAsLong());
            assertEquals("random (seed " + seeds[i] + ")", m.graph().metadata().get("weights"));
            if (in == null) {
                in = RandomInputs.of(m.graph(), 2, new Random(1));
            }
            try (JavaEngine e = JavaEngine.create(m.graph())) {
                outs[i] = e.predict(in).get(m.outputNames().get(0)).data();
            }
        }
        assertArrayEquals(outs[0], outs[1], "same seed, same weights");
        assertFalse(java.util.Arrays.equals(outs[0], outs[2]), "another seed, other weights");
        float sum = 0;
        for (float v : outs[0]) {
            sum += v;
        }
        assertEquals(2f, sum, 1e-4f, "softmax rows of a real network");
    }

    @Test
    void randomBatchNormalizationVariancesStayPositive() {
        ImportedModel m = KerasModelLoader.load(BATCHNORM_JSON, null, ImportOptions.defaults().withRandomWeights(1));
        try (JavaEngine e = JavaEngine.create(m.graph())) {
            for (Tensor t : e.predict(RandomInputs.of(m.graph(), 1, new Random(2))).values()) {
                for (float v : t.data()) {
                    assertTrue(Float.isFinite(v), "finite outputs");
                }
            }
        }
    }
}
