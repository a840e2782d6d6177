package keras1j.bench;

import static keras1j.bench.synthetic.Keras1Layers.dense;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.bench.synthetic.SequentialBuilder;
import keras1j.bench.synthetic.SyntheticModel;

/**
 * Heap bounds of whole runs, each in a child JVM with a given {@code -Xmx}: a summary in less heap
 * than the weights, an import and predict on the Java engine in 1.3 times the weights, and through
 * ONNX Runtime in 1.6 times. The model is shaped like VGG16's classifier, which holds 86% of VGG16's
 * weights: Dense 4096 relu twice on 4096 features, then Dense 10 softmax (33,603,594 parameters,
 * 128 MiB of float32 weights, written as a full-model file). Its two large layers are read in place
 * by the Java engine ({@code keras1j.runtime.kernel.PackedMatrix#view}), as VGG16's are; a model
 * dominated by convolutions (packed copies) needs more (BENCHMARKS.md, "Import and memory").
 */
class ImportMemoryTest {
    private static final long WEIGHT_BYTES = 4L * 33_603_594;
    @TempDir
    static Path dir;
    private static Path model;

    @BeforeAll
    static void writeModel() {
        SyntheticModel mlp = SequentialBuilder.withInputShape(4096)
                .add(dense("fc1", 4096, 4096, "relu"))
                .add(dense("fc2", 4096, 4096, "relu"))
                .add(dense("predictions", 4096, 10, "softmax"))
                .build("classifier", BenchModels.WEIGHT_SEED);
        assertEquals(WEIGHT_BYTES, 4 * mlp.parameterCount());
        model = dir.resolve("classifier.h5");
        mlp.writeFullModel(model);
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
