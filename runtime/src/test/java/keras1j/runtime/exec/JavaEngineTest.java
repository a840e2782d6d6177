package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.tensor.Tensor;

/** Engine behaviour beyond single ops: graphs, validation, buffers, concurrency. */
class JavaEngineTest {

    /** A small CNN: conv+relu (fused), pool, a residual sum, reshape, dense, softmax; two outputs. */
    private static Graph cnn(Random r) {
        GraphBuilder b = new GraphBuilder();
        b.input("image", Shape.batched(12, 12, 3));
        b.add("conv1", new Conv(Problems.random(r, 3, 3, 3, 8), Problems.randomVector(r, 8), new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), "image");
        b.add("relu1", Activation.of(ActivationKind.RELU), "conv1");
        b.add("pool1", new Pool(PoolKind.MAX, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                new int[] {0, 0}), "relu1");
        b.add("conv2", new Conv(Problems.random(r, 3, 3, 8, 8), null, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, 1), "pool1");
        b.add("tanh2", Activation.of(ActivationKind.TANH), "conv2");
        b.add("sum", new Elementwise(ElementwiseKind.SUM), "tanh2", "pool1");
        b.add("flat", new Reshape(new int[] {6 * 6 * 8}), "sum");
        b.add("dense", new Dense(Problems.random(r, 288, 10), Problems.randomVector(r, 10)), "flat");
        b.add("probs", new Softmax(1), "dense");
        b.output("probs", "probs");
        b.output("features", "flat");
        return b.build();
    }

    @ParameterizedTest(name = "threads {0}, batch {1}")
    @CsvSource({"1, 1", "1, 5", "2, 1", "2, 5"})
    void smallNetworkMatchesReference(int threads, int batch) {
        Random r = new Random(1);
        Graph g = cnn(r);
        Problems.check(g, Problems.inputs(g, r, batch), threads);
    }

    /**
     * Zero padding (ZeroPadding1D/2D before a 'valid' convolution, as Keras 1 models write it) feeding
     * two convolutions, one of them depthwise; {@code keepPad} also requests the padded value.
     */
    private static Graph padThenConvolutions(Random r, int[] padBegin, int[] padEnd, boolean keepPad) {
        int c = 3 + padBegin[3] + padEnd[3];
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(9, 7, 3));
        b.add("pad", new Pad(padBegin, padEnd), "x");
        b.add("conv", new Conv(Problems.random(r, 3, 2, c, 5), Problems.randomVector(r, 5), new int[] {2, 1},
                new int[] {1, 2}, new int[] {0, 1}, new int[] {1, 0}, 1), "pad");
        b.add("depthwise", new Conv(Problems.random(r, 3, 3, 1, c), null, new int[] {1, 1}, new int[] {1, 1},
                new int[] {0, 0}, new int[] {0, 0}, c), "pad");
        b.add("relu", Activation.of(ActivationKind.RELU), "depthwise");
        b.output("conv", "conv");
        b.output("relu", "relu");
        if (keepPad) {
            b.output("padded", "pad");
        }
        return b.build();
    }

    @ParameterizedTest(name = "keep the padded value {0}")
    @CsvSource({"false", "true"})
    void convolutionsAbsorbTheirZeroPaddingNode(boolean keepPad) {
        Random r = new Random(3);
        Graph g = padThenConvolutions(r, new int[] {0, 2, 1, 0}, new int[] {0, 1, 3, 0}, keepPad);
        Problems.check(g, Problems.inputs(g, r, 2), 2);
    }

    @Test
    void channelPaddingStaysASeparateStep() {
        Random r = new Random(4);
        Graph g = padThenConvolutions(r, new int[] {0, 1, 1, 1}, new int[] {0, 1, 0, 2}, false);
        Problems.check(g, Problems.inputs(g, r, 2), 1);
    }

    @Test
    void absorbedPaddingIsStillEvaluatedOnRequest() {
        Random r = new Random(5);
        Graph g = padThenConvolutions(r, new int[] {0, 2, 1, 0}, new int[] {0, 1, 3, 0}, false);
        Map<String, Tensor> in = Problems.inputs(g, r, 1);
        Map<String, Tensor> expected = Reference.run(padThenConvolutions(new Random(5), new int[] {0, 2, 1, 0},
                new int[] {0, 1, 3, 0}, true), in);
        try (JavaEngine e = JavaEngine.create(g)) {
            Map<String, Tensor> got = e.evaluate(in, List.of("pad", "conv"));
            Problems.assertClose(expected.get("padded"), got.get("pad"), "pad");
            Problems.assertClose(expected.get("conv"), got.get("conv"), "conv");
        }
    }

    @Test
    void predictReturnsOutputsByNameInGraphOrder() {
        Random r = new Random(1);
        Graph g = cnn(r);
        try (JavaEngine e = JavaEngine.create(g)) {
            Map<String, Tensor> out = e.predict(Problems.inputs(g, r, 2));
            assertEquals(List.of("probs", "features"), new ArrayList<>(out.keySet()));
            assertArrayEquals(new int[] {2, 10}, out.get("probs").shape());
            assertArrayEquals(new int[] {2, 288}, out.get("features").shape());
        }
    }

    @Test
    void evaluateReturnsIntermediateValuesIncludingFusedProducers() {
        Random r = new Random(3);
        Graph g = cnn(r);
        Map<String, Tensor> inputs = Problems.inputs(g, r, 2);
        Map<String, Tensor> expected = Reference.run(g, inputs);
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(2))) {
            List<String> names = List.of("conv1", "image", "relu1", "sum", "dense");
            Map<String, Tensor> got = e.evaluate(inputs, names);
            assertEquals(names, new ArrayList<>(got.keySet()));
            for (String n : names) {
                Problems.assertClose(expected.get(n), got.get(n), n);
            }
            assertNotSame(inputs.get("image").data(), got.get("image").data());
        }
    }

    @Test
    void evaluateRejectsUnknownValue() {
        Random r = new Random(3);
        Graph g = cnn(r);
        try (JavaEngine e = JavaEngine.create(g)) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> e.evaluate(Problems.inputs(g, r, 1), List.of("conv9")));
            assertTrue(ex.getMessage().contains("'conv9'"), ex.getMessage());
        }
    }

    /** Large enough for every layer to be split across threads. */
    private static Graph wideCnn(Random r) {
        GraphBuilder b = new GraphBuilder();
        b.input("image", Shape.batched(24, 24, 8));
        b.add("conv1", new Conv(Problems.random(r, 3, 3, 8, 32), Problems.randomVector(r, 32), new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), "image");
        b.add("relu1", Activation.of(ActivationKind.RELU), "conv1");
        b.add("conv2", new Conv(Problems.random(r, 3, 3, 32, 16), null, new int[] {2, 2}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, 1), "relu1");
        b.add("pool", new keras1j.runtime.ir.GlobalPool(PoolKind.AVERAGE), "conv2");
        b.add("dense", new Dense(Problems.random(r, 16, 10), null), "pool");
        b.output("dense", "dense");
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"small", "wide"})
    void concurrentPredictionsEqualSerialOnes(String model) throws Exception {
        Random r = new Random(5);
        Graph g = model.equals("small") ? cnn(r) : wideCnn(r);
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            inputs.add(Problems.inputs(g, r, 1 + i % 3));
        }
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(2))) {
            Problems.assertConcurrentCallsMatchSerial(e, inputs, 5);
        }
    }

    @Test
    void outputsAreFreshArraysAndInputsAreNotModified() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(4));
        b.add("r", new Reshape(new int[] {2, 2}), "x");
        b.add("a", Activation.of(ActivationKind.RELU), "x");
        b.output("same1", "r");
        b.output("same2", "r");
        b.output("act", "a");
        float[] data = {-1, 2, -3, 4};
        try (JavaEngine e = JavaEngine.create(b.build(), new JavaEngineOptions(1))) {
            Map<String, Tensor> out = e.predict(Map.of("x", Tensor.of(data, 1, 4)));
            assertArrayEquals(new float[] {-1, 2, -3, 4}, data);
            assertArrayEquals(new float[] {0, 2, 0, 4}, out.get("act").data());
            Set<float[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            arrays.add(data);
            for (Tensor t : out.values()) {
                assertTrue(arrays.add(t.data()), "array shared between results");
            }
            assertArrayEquals(new float[] {-1, 2, -3, 4}, out.get("same2").data());
        }
    }

    @Test
    void resultsDoNotChangeWhenCallerMutatesAnEarlierResult() {
        Random r = new Random(9);
        Graph g = cnn(r);
        Map<String, Tensor> in = Problems.inputs(g, r, 2);
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(1))) {
            Map<String, Tensor> first = e.predict(in);
            float[] copy = first.get("probs").data().clone();
            Map<String, Tensor> second = e.predict(in);
            Arrays.fill(second.get("probs").data(), 7f);
            Arrays.fill(second.get("features").data(), 7f);
            assertArrayEquals(copy, first.get("probs").data());
            assertArrayEquals(copy, e.predict(in).get("probs").data());
        }
    }

    @Test
    void everyOpKindIsPlanned() {
        Set<Class<?>> permitted = new HashSet<>(Arrays.asList(Op.class.getPermittedSubclasses()));
        assertEquals(permitted, new HashSet<>(Planner.handledOps()));
    }

    private static Graph mnist() {
        GraphBuilder b = new GraphBuilder();
        b.input("image", Shape.batched(28, 28, 1));
        b.input("extra", Shape.batched(3));
        b.add("flat", new Reshape(new int[] {784}), "image");
        b.output("flat", "flat");
        b.output("extra", "extra");
        return b.build();
    }

    private static Map<String, Tensor> mnistInputs(int[] image, int[] extra) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (image != null) {
            m.put("image", Tensor.zeros(image));
        }
        if (extra != null) {
            m.put("extra", Tensor.zeros(extra));
        }
        return m;
    }

    @Test
    void missingInputIsNamedWithItsShape() {
        try (JavaEngine e = JavaEngine.create(mnist())) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> e.predict(mnistInputs(null, new int[] {1, 3})));
            assertEquals("missing input 'image' of shape (None, 28, 28, 1)", ex.getMessage());
        }
    }

    @Test
    void unknownInputIsNamed() {
        try (JavaEngine e = JavaEngine.create(mnist())) {
            Map<String, Tensor> in = mnistInputs(new int[] {1, 28, 28, 1}, new int[] {1, 3});
            in.put("bogus", Tensor.zeros(1, 3));
            InvalidInputException ex = assertThrows(InvalidInputException.class, () -> e.predict(in));
            assertTrue(ex.getMessage().startsWith("unknown input 'bogus'"), ex.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "1,28,28; (1, 28, 28)",
        "1,28,27,1; (1, 28, 27, 1)",
        "2,1,28,28; (2, 1, 28, 28)"})
    void wrongShapeNamesExpectedAndActual(String dims, String shown) {
        int[] shape = Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        try (JavaEngine e = JavaEngine.create(mnist())) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> e.predict(mnistInputs(shape, new int[] {shape[0], 3})));
            assertEquals("input 'image': expected shape (None, 28, 28, 1), got " + shown, ex.getMessage());
        }
    }

    @Test
    void differingBatchSizesAreRejected() {
        try (JavaEngine e = JavaEngine.create(mnist())) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> e.predict(mnistInputs(new int[] {2, 28, 28, 1}, new int[] {3, 3})));
            assertEquals("input 'extra' has batch size 3 but input 'image' has 2", ex.getMessage());
        }
    }

    @Test
    void emptyBatchIsRejected() {
        try (JavaEngine e = JavaEngine.create(mnist())) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> e.predict(mnistInputs(new int[] {0, 28, 28, 1}, new int[] {0, 3})));
            assertTrue(ex.getMessage().startsWith("input 'image': batch size must be at least 1"), ex.getMessage());
            assertTrue(ex.getMessage().contains("(None, 28, 28, 1)"), ex.getMessage());
        }
    }

    @Test
    void nullInputsAreRejected() {
        try (JavaEngine e = JavaEngine.create(mnist())) {
            assertThrows(InvalidInputException.class, () -> e.predict(null));
        }
    }

    @ParameterizedTest(name = "id {0}")
    @CsvSource({"2.5", "-1", "10", "NaN", "1e10"})
    void gatherRejectsBadIds(float bad) {
        Graph g = Problems.single(new Gather(Tensor.zeros(10, 2)), new int[] {3});
        try (JavaEngine e = JavaEngine.create(g)) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> e.predict(Map.of("x0", Tensor.of(new float[] {1, 2, 3, 4, bad, 5}, 2, 3))));
            assertTrue(ex.getMessage().startsWith("node 'y' (Gather): id " + bad + " at index [1, 1]"),
                    ex.getMessage());
            assertTrue(ex.getMessage().contains("[0, 10)"), ex.getMessage());
        }
    }

    @Test
    void closedEngineRefusesToPredict() {
        JavaEngine e = JavaEngine.create(mnist(), new JavaEngineOptions(2));
        e.close();
        assertThrows(Keras1jException.class,
                () -> e.predict(mnistInputs(new int[] {1, 28, 28, 1}, new int[] {1, 3})));
    }

    @Test
    void fourSpatialAxesAreReportedAsUnsupported() {
        Graph g = Problems.single(new Conv(Tensor.zeros(1, 1, 1, 1, 2, 3), null, new int[] {1, 1, 1, 1},
                new int[] {1, 1, 1, 1}, new int[4], new int[4], 1), new int[] {2, 2, 2, 2, 2});
        keras1j.errors.UnsupportedFeatureException ex = assertThrows(
                keras1j.errors.UnsupportedFeatureException.class, () -> JavaEngine.create(g));
        assertTrue(ex.getMessage().startsWith("node 'y' (Conv): spatial rank 4"), ex.getMessage());
    }

    @Test
    void optionsValidateThreads() {
        assertThrows(IllegalArgumentException.class, () -> new JavaEngineOptions(0));
        assertEquals(Runtime.getRuntime().availableProcessors(), JavaEngineOptions.defaults().threads());
        assertEquals(3, JavaEngineOptions.defaults().withThreads(3).threads());
    }

    /** Hand-computed values pin the reference itself to the IR contract. */
    @Test
    void knownValuesOfWindowOps() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(3, 1));
        b.add("conv", new Conv(Tensor.of(new float[] {1, 10}, 2, 1, 1), new float[] {100}, new int[] {1},
                new int[] {1}, new int[] {0}, new int[] {0}, 1), "x");
        b.add("avg", new Pool(PoolKind.AVERAGE, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}), "x");
        b.add("max", new Pool(PoolKind.MAX, new int[] {3}, new int[] {1}, new int[] {1}, new int[] {1}), "x");
        // y[i*2 + j - 1] += x[i] * w[j] with w = [1, 2, 3], cropped by 1 and extended to 8 (bias only)
        b.add("up", new ConvTranspose(Tensor.of(new float[] {1, 2, 3}, 3, 1, 1), new float[] {0.5f}, new int[] {2},
                new int[] {1}, new int[] {8}), "x");
        for (String n : List.of("conv", "avg", "max", "up")) {
            b.output(n, n);
        }
        try (JavaEngine e = JavaEngine.create(b.build())) {
            Map<String, Tensor> out = e.predict(Map.of("x", Tensor.of(new float[] {-1, -2, -3}, 1, 3, 1)));
            assertArrayEquals(new float[] {100 - 1 - 20, 100 - 2 - 30}, out.get("conv").data());
            assertArrayEquals(new float[] {-1.5f, -2, -2.5f}, out.get("avg").data());
            assertArrayEquals(new float[] {-1, -1, -2}, out.get("max").data());
            // full output for x = [-1, -2, -3]: positions 0..6 = [-1, -2, -3-2, -4, -6-3, -6, -9]; drop 1, keep 8
            assertArrayEquals(new float[] {-2, -5, -4, -9, -6, -9, 0, 0},
                    minus(out.get("up").data(), 0.5f));
        }
    }

    @ParameterizedTest(name = "{0}({1}) = {2}")
    @CsvSource({"HARD_SIGMOID, 1, 0.7", "HARD_SIGMOID, 3, 1", "HARD_SIGMOID, -3, 0", "SOFTPLUS, 100, 100",
        "SOFTPLUS, -100, 0", "SOFTPLUS, 0, 0.6931472", "SOFTSIGN, 3, 0.75", "ELU, -1000, -0.5", "ELU, 2, 2",
        "LEAKY_RELU, -2, -1", "SIGMOID, 0, 0.5", "TANH, 0, 0", "RELU, -1, 0"})
    void activationKnownValues(ActivationKind kind, float x, float y) {
        Graph g = Problems.single(new Activation(kind, 0.5f), new int[] {1});
        try (JavaEngine e = JavaEngine.create(g)) {
            float got = e.predict(Map.of("x0", Tensor.of(new float[] {x}, 1, 1))).get("out").data()[0];
            assertEquals(y, got, 1e-6f);
        }
    }

    private static float[] minus(float[] v, float d) {
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i] - d;
        }
        return r;
    }
}
