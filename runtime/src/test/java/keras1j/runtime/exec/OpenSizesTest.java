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
