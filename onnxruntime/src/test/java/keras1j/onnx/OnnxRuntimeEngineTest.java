package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

class OnnxRuntimeEngineTest {
    private static final Graph CONVNET = OnnxExporterTest.convnet();
    private static OnnxRuntimeEngine engine;

    @BeforeAll
    static void open() {
        engine = OnnxRuntimeEngine.create(CONVNET, OnnxExportOptions.defaults(), 2);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Map<String, Tensor> input(long seed, int batch) {
        return Map.of("input_1", TestData.random(seed, batch, 6, 6, 1));
    }

    @Test
    void predictMatchesTheReferenceForAnyBatchSize() {
        for (int batch : new int[] {1, 3}) {
            Map<String, Tensor> in = input(batch, batch);
            Map<String, Tensor> out = engine.predict(in);
            assertEquals(List.of("dense_1"), List.copyOf(out.keySet()));
            TestData.assertClose(NaiveReference.evaluate(CONVNET, in).get("dense_1"), out.get("dense_1"), "batch " + batch);
        }
    }

    @Test
    void missingInputIsNamedWithItsShape() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> engine.predict(Map.of()));
        assertEquals("missing input 'input_1' of shape (None, 6, 6, 1)", e.getMessage());
    }

    @Test
    void unknownInputIsRejected() {
        Map<String, Tensor> in = new HashMap<>(input(1, 1));
        in.put("input_2", TestData.random(1, 1, 6, 6, 1));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> engine.predict(in));
        assertEquals("unknown input 'input_2'; the model's inputs are [input_1 (None, 6, 6, 1)]", e.getMessage());
    }

    @Test
    void wrongNonBatchDimensionNamesExpectedAndActualShapes() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> engine.predict(Map.of("input_1", TestData.random(1, 2, 6, 5, 1))));
        assertEquals("input 'input_1': expected shape (None, 6, 6, 1), got (2, 6, 5, 1)", e.getMessage());
    }

    @Test
    void wrongRankNamesExpectedAndActualShapes() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> engine.predict(Map.of("input_1", TestData.random(1, 2, 36))));
        assertEquals("input 'input_1': expected shape (None, 6, 6, 1), got (2, 36)", e.getMessage());
    }

    @Test
    void emptyBatchIsRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> engine.predict(Map.of("input_1", Tensor.zeros(0, 6, 6, 1))));
        assertEquals("input 'input_1': batch size must be at least 1, got shape (0, 6, 6, 1) (expected (None, 6, 6, 1))",
                e.getMessage());
    }

    @Test
    void nullInputsAreRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> engine.predict(null));
        assertEquals("inputs must not be null", e.getMessage());
    }

    @Test
    void inputsWithDifferentBatchSizesAreRejected() {
        GraphBuilder b = new GraphBuilder();
        String a = b.input("a", Shape.batched(3));
        String c = b.input("b", Shape.batched(3));
        b.output("sum", b.add("sum", new Elementwise(ElementwiseKind.SUM), a, c));
        try (OnnxRuntimeEngine e = OnnxRuntimeEngine.create(b.build(), OnnxExportOptions.defaults(), 1)) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("a", TestData.random(1, 2, 3));
            in.put("b", TestData.random(2, 3, 3));
            InvalidInputException ex = assertThrows(InvalidInputException.class, () -> e.predict(in));
            assertEquals("input 'b' has batch size 3 but input 'a' has 2", ex.getMessage());
        }
    }

    @Test
    void evaluateReturnsIntermediateValuesInIrLayout() {
        Map<String, Tensor> in = input(7, 2);
        Map<String, Tensor> expected = NaiveReference.evaluate(CONVNET, in);
        List<String> names = List.of("activation_1", "input_1", "convolution2d_1");
        Map<String, Tensor> got = engine.evaluate(in, names);
        assertEquals(names, List.copyOf(got.keySet()));
        TestData.assertClose(expected.get("convolution2d_1"), got.get("convolution2d_1"), "conv");
        TestData.assertClose(expected.get("activation_1"), got.get("activation_1"), "relu");
        assertSame(in.get("input_1"), got.get("input_1"));
    }

    @Test
    void evaluateOfUnknownValueIsRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> engine.evaluate(input(1, 1), List.of("dense_9")));
        assertEquals("no value named 'dense_9' in the graph", e.getMessage());
    }

    @Test
    void evaluateKeepsWorkingBeyondTheSessionCache() {
        Map<String, Tensor> in = input(8, 1);
        Map<String, Tensor> expected = NaiveReference.evaluate(CONVNET, in);
        List<List<String>> sets = List.of(List.of("convolution2d_1"), List.of("activation_1"), List.of("flatten_1"),
                List.of("dense_1"), List.of("convolution2d_1", "dense_1"), List.of("flatten_1", "activation_1"),
                List.of("convolution2d_1"));
        for (List<String> set : sets) {
            Map<String, Tensor> got = engine.evaluate(in, set);
            for (String v : set) {
                TestData.assertClose(expected.get(v), got.get(v), v);
            }
        }
    }

    @Test
    void concurrentPredictAndEvaluateGiveEachCallerItsOwnResult() throws Exception {
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        List<Map<String, Tensor>> expected = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            inputs.add(input(100 + i, 1 + i % 3));
            expected.add(NaiveReference.evaluate(CONVNET, inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    if (k % 4 == 3) {
                        String v = k % 8 == 3 ? "activation_1" : "flatten_1";
                        TestData.assertClose(expected.get(k).get(v), engine.evaluate(inputs.get(k), List.of(v)).get(v), v);
                    } else {
                        TestData.assertClose(expected.get(k).get("dense_1"), engine.predict(inputs.get(k)).get("dense_1"),
                                "call " + k);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void closedEngineRejectsCallsAndClosesOnlyOnce() {
        OnnxRuntimeEngine e = OnnxRuntimeEngine.create(CONVNET, OnnxExportOptions.defaults(), 1);
        e.evaluate(input(1, 1), List.of("activation_1"));
        e.close();
        e.close();
        Keras1jException ex = assertThrows(Keras1jException.class, () -> e.predict(input(1, 1)));
        assertEquals("the ONNX Runtime engine is closed", ex.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -2})
    void threadCountBelowOneIsRejected(int threads) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> OnnxRuntimeEngine.create(CONVNET, OnnxExportOptions.defaults(), threads));
        assertEquals("threads must be >= 1, got " + threads, e.getMessage());
    }

    private static Graph embedding(boolean reshapeFirst) {
        GraphBuilder b = new GraphBuilder();
        String ids = b.input("words", Shape.batched(4));
        String src = reshapeFirst ? b.add("words_2d", new Reshape(new int[] {2, 2}), ids) : ids;
        b.output("embedding_1", b.add("embedding_1", new Gather(TestData.random(9, 5, 3)), src));
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(floats = {5f, -1f, 2.5f, Float.NaN})
    void invalidEmbeddingIdsAreRejected(float bad) {
        try (OnnxRuntimeEngine e = OnnxRuntimeEngine.create(embedding(false), OnnxExportOptions.defaults(), 1)) {
            Map<String, Tensor> in = Map.of("words", Tensor.of(new float[] {0, 1, 2, 3, 4, bad, 0, 0}, 2, 4));
            InvalidInputException ex = assertThrows(InvalidInputException.class, () -> e.predict(in));
            assertEquals("node 'embedding_1' (Gather): id " + bad + " at index [1, 1] is not a whole number in [0, 5)",
                    ex.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(floats = {5f, -1f, 2.5f})
    void invalidEmbeddingIdsBehindAnotherOpAreRejected(float bad) {
        try (OnnxRuntimeEngine e = OnnxRuntimeEngine.create(embedding(true), OnnxExportOptions.defaults(), 1)) {
            Map<String, Tensor> in = Map.of("words", Tensor.of(new float[] {0, 1, 2, 3, 4, bad, 0, 0}, 2, 4));
            InvalidInputException ex = assertThrows(InvalidInputException.class, () -> e.predict(in));
            assertEquals("node 'embedding_1' (Gather): id " + bad + " at index [1, 0, 1] is not a whole number in [0, 5)",
                    ex.getMessage());
        }
    }

    @Test
    void embeddingBehindAnotherOpMatchesTheReference() {
        Graph g = embedding(true);
        Map<String, Tensor> in = Map.of("words", Tensor.of(new float[] {0, 1, 2, 3, 4, 4, 0, 2}, 2, 4));
        try (OnnxRuntimeEngine e = OnnxRuntimeEngine.create(g, OnnxExportOptions.defaults(), 1)) {
            Map<String, Tensor> out = e.predict(in);
            assertEquals(List.of("embedding_1"), List.copyOf(out.keySet()));
            TestData.assertClose(NaiveReference.evaluate(g, in).get("embedding_1"), out.get("embedding_1"), "embedding");
        }
    }
}
