package keras1j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import keras1j.bench.synthetic.SyntheticModel;
import keras1j.bench.synthetic.SyntheticModels;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The synthetic benchmark models import through {@link KerasModelLoader}: small instances of each
 * architecture give the same outputs on both engines, and the full-size ones have the intended
 * output shapes and work.
 */
class SyntheticModelsTest {
    private static final long SEED = 7;

    static Stream<Arguments> smallModels() {
        return Stream.of(
                Arguments.of("vgg16 blocks 1-2 at 16x16", (Supplier<SyntheticModel>) () -> SyntheticModels.vggBlocks(16,
                        SEED)),
                Arguments.of("c3d blocks 1-2 at 2x16x16", (Supplier<SyntheticModel>) () -> SyntheticModels.c3dBlocks(2,
                        16, SEED)),
                Arguments.of("dcgan generator from 2x2x32", (Supplier<SyntheticModel>) () -> SyntheticModels
                        .dcganGenerator(2, 32, SEED)),
                Arguments.of("wavenet 300 samples, 8 channels, 4 blocks", (Supplier<SyntheticModel>) () -> SyntheticModels
                        .wavenet(300, 8, 4, SEED)),
                Arguments.of("vgg16 at 32x32, 10 classes", (Supplier<SyntheticModel>) () -> SyntheticModels.vgg16(32,
                        10, SEED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("smallModels")
    void smallInstanceGivesTheSameOutputsOnBothEngines(String what, Supplier<SyntheticModel> model) {
        ImportedModel imported = KerasModelLoader.load(model.get().source(), ImportOptions.defaults());
        assertTrue(imported.hasWeights());
        assertEquals("tensorflow", imported.backend().keras());
        Graph g = imported.graph();
        Map<String, Tensor> inputs = RandomInputs.of(g, 1, new Random(EngineBenchmark.INPUT_SEED));
        Map<String, Tensor> java;
        Map<String, Tensor> ort;
        try (Engine e = EngineKind.JAVA.open(g, 1)) {
            java = e.predict(inputs);
        }
        try (Engine e = EngineKind.ONNX_RUNTIME.open(g, 1)) {
            ort = e.predict(inputs);
        }
        assertEquals(ort.keySet(), java.keySet());
        for (String name : java.keySet()) {
            float[] a = java.get(name).data();
            float[] b = ort.get(name).data();
            assertArrayEquals(ort.get(name).shape(), java.get(name).shape(), name);
            double worst = 0;
            boolean nonZero = false;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]) - 1e-3 * Math.abs(b[i]));
                nonZero |= b[i] != 0;
            }
            assertTrue(nonZero, name + ": all-zero output tells nothing");
            assertTrue(worst <= 1e-5, name + ": Java and ONNX Runtime differ by " + worst + " beyond rtol 1e-3");
        }
    }

    static Stream<Arguments> fullSizeModels() {
        return Stream.of(
                Arguments.of("vgg16_blocks12", 1, new int[] {1, 56, 56, 128},
                        2L * (224L * 224 * 64 * 3 * 9 + 224L * 224 * 64 * 64 * 9 + 112L * 112 * 128 * 64 * 9
                                + 112L * 112 * 128 * 128 * 9)),
                Arguments.of("c3d_blocks12", 1, new int[] {1, 8, 28, 28, 128},
                        2L * (16L * 112 * 112 * 64 * 27 * 3 + 16L * 56 * 56 * 128 * 27 * 64)),
                Arguments.of("c3d_blocks12", 32, new int[] {32, 8, 28, 28, 128},
                        32 * 2L * (16L * 112 * 112 * 64 * 27 * 3 + 16L * 56 * 56 * 128 * 27 * 64)),
                Arguments.of("dcgan_generator", 1, new int[] {1, 112, 112, 3},
                        2L * (100 * 25088 + 7L * 7 * 25 * 512 * 256 + 14 * 14 * 25 * 256 * 128 + 28 * 28 * 25 * 128 * 64
                                + 56 * 56 * 25 * 64 * 3)),
                Arguments.of("wavenet_stack", 1, new int[] {1, 16000, 256},
                        2L * 16000 * (2 * 32 + 10 * (2 * 2 * 32 * 32 + 32 * 32) + 9 * 32 * 32 + 32 * 32 + 32 * 256)));
    }

    @ParameterizedTest(name = "{0} at batch {1}")
    @MethodSource("fullSizeModels")
    void fullSizeModelHasItsOutputShapeAndWork(String id, int batch, int[] outputShape, long flops) {
        Graph g = BenchModels.get(id).load().graph();
        assertEquals(1, g.outputs().size());
        assertArrayEquals(outputShape, g.shapeOf(g.outputs().get(0).value()).withBatch(batch).dims());
        assertEquals(flops, Flops.of(g, batch));
    }
}
