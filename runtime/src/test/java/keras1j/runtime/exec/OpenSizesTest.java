package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidInputException;
import keras1j.errors.ShapeException;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.tensor.Tensor;

/** Graphs whose input leaves the time axis open: shape templates, per-shape plans, bad sizes. */
class OpenSizesTest {
    /** {@code [N, T, 3]}: pad, convolution, relu, crop, dense per step and softmax; and a global pool. */
    private static Graph sequenceModel(Random r) {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.of(Shape.BATCH, Shape.UNKNOWN, 3));
        b.add("pad", new Pad(new int[] {0, 1, 0}, new int[] {0, 1, 0}), "x");
        b.add("conv", new Conv(Problems.random(r, 3, 3, 4), Problems.randomVector(r, 4), new int[] {1},
                new int[] {1}, new int[] {0}, new int[] {0}, 1), "pad");
        b.add("relu", Activation.of(ActivationKind.RELU), "conv");
        b.add("crop", new Crop(new int[] {0, 1, 0}, new int[] {0, 0, 0}), "relu");
        b.add("dense", new Dense(Problems.random(r, 4, 2), Problems.randomVector(r, 2)), "crop");
        b.add("probs", new Softmax(2), "dense");
        b.add("pooled", new GlobalPool(PoolKind.AVERAGE), "conv");
        b.output("probs", "probs");
        b.output("pooled", "pooled");
        return b.build();
    }

    private static Map<String, Tensor> input(Random r, int batch, int length) {
        return Map.of("x", Problems.random(r, batch, length, 3));
    }

    @Test
    void shapesKeepTheOpenAxisAsNone() {
        Graph g = sequenceModel(new Random(1));
        assertTrue(g.hasOpenInputs());
        assertEquals("(None, None, 4)", g.shapeOf("conv").toString());
        assertEquals("(None, None, 2)", g.shapeOf("probs").toString());
        assertEquals("(None, 4)", g.shapeOf("pooled").toString());
        assertThrows(ShapeException.class, () -> g.shapeOf("conv").sampleSize());
    }

    @Test
    void specializingGivesConcreteShapes() {
        Graph g = sequenceModel(new Random(1)).withInputShapes(Map.of("x", Shape.of(Shape.BATCH, 6, 3)));
        assertEquals("(None, 6, 4)", g.shapeOf("conv").toString());
        assertEquals("(None, 5, 2)", g.shapeOf("probs").toString());
        assertThrows(ShapeException.class,
                () -> sequenceModel(new Random(1)).withInputShapes(Map.of("x", Shape.of(Shape.BATCH, 6, 4))));
    }

    @Test
    void reshapeOfAnOpenAxisFailsAtShapeInference() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.of(Shape.BATCH, Shape.UNKNOWN, 3));
        assertThrows(ShapeException.class, () -> b.add("flat", new Reshape(new int[] {6}), "x"));
    }

    @Test
    void reshapeThatCopiesOrInfersTheOpenAxisKeepsItOpen() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.of(Shape.BATCH, Shape.UNKNOWN, 2, 3));
        b.add("steps", new Reshape(new int[] {Reshape.COPY, 6}), "x");
        b.add("rows", new Reshape(new int[] {Reshape.INFER, 3}), "x");
        b.add("back", new Reshape(new int[] {Reshape.COPY, Reshape.INFER, 3}), "steps");
        b.output("rows", "rows");
        b.output("back", "back");
        Graph g = b.build();
        assertEquals("(None, None, 6)", g.shapeOf("steps").toString());
        assertEquals("(None, None, 3)", g.shapeOf("rows").toString());
        assertEquals("(None, None, 2, 3)", g.shapeOf("back").toString(), "the copied open axis leaves 6 to infer from");
        Graph four = g.withInputShapes(Map.of("x", Shape.of(Shape.BATCH, 4, 2, 3)));
        assertEquals("(None, 4, 6)", four.shapeOf("steps").toString());
        assertEquals("(None, 8, 3)", four.shapeOf("rows").toString());
        Random r = new Random(6);
        for (int length : new int[] {1, 5}) {
            Problems.check(g, Map.of("x", Problems.random(r, 2, length, 2, 3)), 1);
        }
    }

    @Test
    void reshapeTargetsThatCannotHoldTheInputFail() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.of(Shape.BATCH, Shape.UNKNOWN, 6));
        assertThrows(ShapeException.class, () -> b.add("two", new Reshape(new int[] {Reshape.INFER, Reshape.INFER}),
                "x"));
        assertThrows(ShapeException.class, () -> b.add("beyond", new Reshape(new int[] {Reshape.COPY, 6,
                Reshape.COPY}), "x"));
        assertThrows(ShapeException.class, () -> b.add("count", new Reshape(new int[] {Reshape.COPY, 4}), "x"));
        assertThrows(ShapeException.class, () -> b.add("negative", new Reshape(new int[] {Reshape.COPY, -2}), "x"));
    }

    @Test
    void cosineRatioDividesElementWiseAtAnyLength() {
        GraphBuilder b = new GraphBuilder();
        for (String v : new String[] {"ab", "aa", "bb"}) {
            b.input(v, Shape.of(Shape.BATCH, Shape.UNKNOWN, 2));
        }
        b.output("cos", b.add("cos", new keras1j.runtime.ir.CosineRatio(1e-7f), "ab", "aa", "bb"));
        Graph g = b.build();
        assertEquals("(None, None, 2)", g.shapeOf("cos").toString());
        // 3 / max(sqrt(4 * 9), eps) = 0.5; 2 / max(sqrt(0 * 5), 1e-7) = 2e7
        Map<String, Tensor> in = Map.of("ab", Tensor.of(new float[] {3, 2}, 1, 1, 2),
                "aa", Tensor.of(new float[] {4, 0}, 1, 1, 2), "bb", Tensor.of(new float[] {9, 5}, 1, 1, 2));
        try (JavaEngine engine = JavaEngine.create(g)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0.5f, 2f / 1e-7f},
                    engine.predict(in).get("cos").data());
        }
        Random r = new Random(8);
        Map<String, Tensor> positive = new java.util.HashMap<>();
        for (String v : new String[] {"ab", "aa", "bb"}) {
            Tensor t = Problems.random(r, 2, 3, 2);
            float[] d = t.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = Math.abs(d[i]) + 0.1f;
            }
            positive.put(v, Tensor.of(d, 2, 3, 2));
        }
        Problems.check(g, positive, 1);
    }

    @Test
    void aUnitAxisTransposeOfAnOpenShapeStaysATranspose() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.of(Shape.BATCH, Shape.UNKNOWN, 1));
        b.output("t", b.add("t", new keras1j.runtime.ir.Transpose(new int[] {0, 2, 1}), "x"));
        Graph open = b.build();
        assertTrue(open == keras1j.runtime.ir.pass.GraphOptimizer.optimize(open), "no reshape target of an open size");
        Graph fixed = open.withInputShapes(Map.of("x", Shape.of(Shape.BATCH, 5, 1)));
        assertTrue(keras1j.runtime.ir.pass.GraphOptimizer.optimize(fixed).nodes().get(0).op() instanceof Reshape);
    }

    @Test
    void runsEveryLengthAgainstTheReferenceWithOnePlanPerShape() {
        Random r = new Random(2);
        Graph g = sequenceModel(r);
        for (int length : new int[] {4, 7, 4, 2}) {
            Problems.check(g, input(r, 3, length), 2);
        }
        try (JavaEngine engine = JavaEngine.create(g)) {
            engine.predict(input(r, 1, 4));
            engine.predict(input(r, 5, 4));
            engine.predict(input(r, 1, 9));
            assertEquals(2, engine.planCount(), "the batch size does not make a new plan");
        }
    }

    @Test
    void keepsAtMostTheCacheCapacityOfPlans() {
        Random r = new Random(3);
        try (JavaEngine engine = JavaEngine.create(sequenceModel(r))) {
            for (int length = 2; length < 2 + ShapePlans.CAPACITY + 3; length++) {
                engine.predict(input(r, 1, length));
            }
            assertEquals(ShapePlans.CAPACITY, engine.planCount());
        }
    }

    @Test
    void aLengthTheModelCannotComputeIsABadInput() {
        try (JavaEngine engine = JavaEngine.create(sequenceModel(new Random(4)))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> engine.predict(Map.of("x", Tensor.zeros(1, 1, 3))));
            assertTrue(e.getMessage().contains("crop"), e.getMessage());
        }
    }

    @Test
    void aWrongFixedSizeNamesTheExpectedShape() {
        try (JavaEngine engine = JavaEngine.create(sequenceModel(new Random(5)))) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> engine.predict(Map.of("x", Tensor.zeros(1, 4, 5))));
            assertEquals("input 'x': expected shape (None, None, 3), got (1, 4, 5)", e.getMessage());
        }
    }
}
