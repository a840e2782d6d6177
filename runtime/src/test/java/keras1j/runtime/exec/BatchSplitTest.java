package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Standardize;
import keras1j.runtime.ir.pass.GraphOptimizer;
import keras1j.runtime.tensor.Tensor;

/**
 * Small models on several threads run the whole plan per sample range ({@link Planner#splitsBatch}):
 * results match the reference and one-thread engines at every batch (ranges of unequal sizes
 * included), requested inputs and aliased outputs stay fresh arrays, concurrent callers get serial
 * results, and a graph whose samples depend on each other is not split.
 */
class BatchSplitTest {

    /** An MNIST-like model (channels-last): few-channel convolutions, max-pool, dense layers, softmax. */
    static Graph mnistLike(Random r) {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(12, 12, 1));
        b.add("conv1", new Conv(Problems.random(r, 3, 3, 1, 4), Problems.randomVector(r, 4), new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), "x");
        b.add("relu1", Activation.of(ActivationKind.RELU), "conv1");
        b.add("conv2", new Conv(Problems.random(r, 3, 3, 4, 4), Problems.randomVector(r, 4), new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), "relu1");
        b.add("relu2", Activation.of(ActivationKind.RELU), "conv2");
        b.add("pool", new Pool(PoolKind.MAX, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0},
                new int[] {0, 0}), "relu2");
        b.add("flat", new Reshape(new int[] {64}), "pool");
        b.add("dense1", new Dense(Problems.random(r, 64, 16), Problems.randomVector(r, 16)), "flat");
        b.add("relu3", Activation.of(ActivationKind.RELU), "dense1");
        b.add("dense2", new Dense(Problems.random(r, 16, 5), Problems.randomVector(r, 5)), "relu3");
        b.add("probs", new Softmax(1), "dense2");
        b.output("probs", "probs");
        b.output("flat", "flat");
        b.output("flat again", "flat");
        b.output("input", "x");
        return b.build();
    }

    @Test
    void smallModelsSplitAndMixingOnesDoNot() {
        Graph g = GraphOptimizer.optimize(mnistLike(new Random(1)));
        assertTrue(Planner.splitsBatch(g, g.nodes()));
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(6));
        b.add("norm", new Standardize(new int[] {0}, 1e-3f, 0f), "x");
        b.output("norm", "norm");
        Graph mixing = b.build();
        assertFalse(Planner.splitsBatch(mixing, mixing.nodes()));
    }

    @Test
    void everyBatchMatchesReferenceAndOneThread() {
        Graph g = mnistLike(new Random(2));
        try (JavaEngine one = JavaEngine.create(g, new JavaEngineOptions(1));
                JavaEngine two = JavaEngine.create(g, new JavaEngineOptions(2))) {
            for (int batch = 1; batch <= 9; batch++) {
                Map<String, Tensor> in = Problems.inputs(g, new Random(batch), batch);
                Map<String, Tensor> want = Reference.run(g, in);
                Map<String, Tensor> serial = one.predict(in);
                Map<String, Tensor> split = two.predict(in);
                Problems.assertClose(want.get("probs"), split.get("probs"), "batch " + batch);
                for (String k : serial.keySet()) {
                    assertArrayEquals(serial.get(k).data(), split.get(k).data(), 1e-6f, "batch " + batch + ": " + k);
                    assertArrayEquals(serial.get(k).shape(), split.get(k).shape(), k);
                }
                assertNotSame(in.get("x").data(), split.get("input").data(), "a requested input is copied");
                assertNotSame(split.get("flat").data(), split.get("flat again").data(), "aliased outputs are fresh");
            }
        }
    }

    @Test
    void samplesDependingOnTheirBatchAreNotSplit() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(6));
        b.add("norm", new Standardize(new int[] {0}, 1e-3f, 0f), "x");
        b.add("dense", new Dense(Problems.random(new Random(3), 6, 4), null), "norm");
        b.output("out", "dense");
        Graph g = b.build();
        try (JavaEngine one = JavaEngine.create(g, new JavaEngineOptions(1));
                JavaEngine two = JavaEngine.create(g, new JavaEngineOptions(2))) {
            Map<String, Tensor> in = Problems.inputs(g, new Random(4), 8);
            assertArrayEquals(one.predict(in).get("out").data(), two.predict(in).get("out").data(), 1e-6f);
        }
    }

    @Test
    void errorsNameIndicesOfTheWholeBatch() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(3));
        b.add("y", new keras1j.runtime.ir.Gather(Tensor.zeros(10, 2)), "x");
        b.output("y", "y");
        try (JavaEngine e = JavaEngine.create(b.build(), new JavaEngineOptions(2))) {
            keras1j.errors.InvalidInputException ex = org.junit.jupiter.api.Assertions.assertThrows(
                    keras1j.errors.InvalidInputException.class,
                    () -> e.predict(Map.of("x", Tensor.of(new float[] {1, 2, 3, 4, 12, 5}, 2, 3))));
            assertTrue(ex.getMessage().contains("at index [1, 1]"), ex.getMessage());
        }
    }

    @Test
    void concurrentCallersGetSerialResults() throws Exception {
        Graph g = mnistLike(new Random(5));
        List<Map<String, Tensor>> inputs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(Problems.inputs(g, new Random(10 + i), 2 + 5 * i));
        }
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(2))) {
            Problems.assertConcurrentCallsMatchSerial(e, inputs, 20);
        }
    }
}
