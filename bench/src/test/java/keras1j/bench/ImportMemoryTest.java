package keras1j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.bench.synthetic.SyntheticModel;
import keras1j.bench.synthetic.SyntheticModels;

/**
 * Heap bounds of whole runs, each in a child JVM with a given {@code -Xmx}, on a VGG16 of 64x64
 * images with 2048-wide dense layers (25,156,392 parameters: 96 MiB of float32 weights, written as
 * a full-model file): a summary in less heap than the weights, an import and predict on the Java
 * engine in 1.3 times the weights, and through ONNX Runtime in 1.6 times.
 */
class ImportMemoryTest {
    private static final long WEIGHT_BYTES = 4L * 25_156_392;
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void writeModel() {
        SyntheticModel vgg = SyntheticModels.vgg16(64, 2048, 1000, BenchModels.WEIGHT_SEED);
        assertEquals(25_156_392, vgg.parameterCount());
        model = dir.resolve("vgg16_64.h5");
        vgg.writeFullModel(model);
    }

    @Test
    void summaryNeedsLessHeapThanTheWeights() throws IOException, InterruptedException {
        assertTrue(ImportBenchmark.succeeds("summary", model, mib(0.5)));
    }

    @Test
    void javaEngineImportsAndPredictsIn13TimesTheWeights() throws IOException, InterruptedException {
        assertTrue(ImportBenchmark.succeeds("java", model, mib(1.3)));
    }

    @Test
    void onnxRuntimeImportsAndPredictsIn16TimesTheWeights() throws IOException, InterruptedException {
        assertTrue(ImportBenchmark.succeeds("onnxruntime", model, mib(1.6)));
    }

    /** {@code factor} times the weights, in whole MiB (rounded down). */
    private static long mib(double factor) {
        return (long) (factor * WEIGHT_BYTES / (1 << 20));
    }
}
