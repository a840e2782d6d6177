package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.tensor.Tensor;

/**
 * One engine shared by many threads gives exactly the results of single-threaded calls, on both
 * engines: 8 threads x 200 predictions over a set of inputs of different batch sizes, every result
 * compared bit for bit with the single-threaded one.
 */
class SharedEngineConcurrencyTest {
    private static final Path MODEL = Path.of("..", "fixtures", "keras1", "mnist_cnn_th", "model.h5");
    private static final int THREADS = 8;
    private static final int CALLS = 200;
    private static final int INPUTS = 12;

    @Test
    void javaEngineSharedByEightThreadsIsExact() throws Exception {
        ImportedModel model = KerasModelLoader.load(MODEL, null, ImportOptions.defaults());
        try (JavaEngine engine = JavaEngine.create(model.graph(), JavaEngineOptions.defaults().withThreads(2))) {
            assertSharedCallsExact(engine);
        }
    }

    @Test
    void onnxRuntimeEngineSharedByEightThreadsIsExact() throws Exception {
        ImportedModel model = KerasModelLoader.load(MODEL, null, ImportOptions.defaults());
        try (OnnxRuntimeEngine engine = OnnxRuntimeEngine.create(model.graph(), OnnxExportOptions.defaults(), 1)) {
            assertSharedCallsExact(engine);
        }
    }

    private static void assertSharedCallsExact(Engine engine) throws Exception {
        String input = engine.graph().inputs().get(0).name();
        int[] sample = engine.graph().inputs().get(0).shape().sampleDims();
        Random random = new Random(7);
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        List<Map<String, Tensor>> expected = new ArrayList<>();
        for (int i = 0; i < INPUTS; i++) {
            int batch = 1 + i % 3;
            int[] dims = new int[sample.length + 1];
            dims[0] = batch;
            System.arraycopy(sample, 0, dims, 1, sample.length);
            float[] x = new float[(int) Tensor.elementCount(dims)];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextFloat();
            }
            inputs.add(Map.of(input, Tensor.of(x, dims)));
            expected.add(engine.predict(inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger compared = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int c = 0; c < CALLS; c++) {
                        int i = (offset * 5 + c) % INPUTS;
                        Map<String, Tensor> got = engine.predict(inputs.get(i));
                        assertEquals(expected.get(i).keySet(), got.keySet());
                        for (Map.Entry<String, Tensor> e : expected.get(i).entrySet()) {
                            Tensor g = got.get(e.getKey());
                            assertArrayEquals(e.getValue().shape(), g.shape());
                            assertArrayEquals(e.getValue().data(), g.data(), "input " + i + ", call " + c);
                        }
                        compared.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(THREADS * CALLS, compared.get());
    }
}
