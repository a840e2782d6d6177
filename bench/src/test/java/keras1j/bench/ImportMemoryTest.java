package keras1j.bench;

import static keras1j.bench.synthetic.Keras1Layers.convolution2D;
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
 * dominated by convolutions (packed copies) needs more (BENCHMARKS.md, "Import and memory"): four
 * 3x3 512 -> 512 convolutions on 16x16 (36 MiB of weights, each eligible for Winograd, whose
 * transformed kernels are 1.8x the kernel) must run in twice the weights: the engine counts each
 * weight once while compiling and falls back to the direct convolution where Winograd's kernels do not
 * fit the memory budget (measured bound 64 MiB, 1.78x; counting each read next to its F(2x2) transform,
 * as before, would have needed about 100 MiB of budget, 3.5x the weights in heap).
 */
class ImportMemoryTest {
    private static final long WEIGHT_BYTES = 4L * 33_603_594;
    @TempDir
    static Path dir;
    private static Path model;
    private static final long CONV_WEIGHT_BYTES = 4L * 4 * (9 * 512 * 512 + 512);
    private static Path convModel;

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
        SequentialBuilder convs = SequentialBuilder.withInputShape(16, 16, 512);
        for (int i = 1; i <= 4; i++) {
            convs = convs.add(convolution2D("conv" + i, 512, 512, 3, 3, "relu", "same", 1));
        }
        SyntheticModel c = convs.build("convs", BenchModels.WEIGHT_SEED);
        assertEquals(CONV_WEIGHT_BYTES, 4 * c.parameterCount());
        convModel = dir.resolve("convs.h5");
        c.writeFullModel(convModel);
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
    void javaEngineWithWinogradEligibleConvolutionsIn2TimesTheWeights() throws IOException, InterruptedException {
        assertTrue(ImportBenchmark.succeeds("java", convModel, CONV_WEIGHT_BYTES * 2 / (1 << 20)));
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
