package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.errors.ShapeException;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.MaskSteps;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.RecurrentCell;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.StepMask;
import keras1j.runtime.tensor.Tensor;

/** The sequence ops on the Java engine against the naive reference and hand-computed values. */
class RecurrentOpsTest {
    private static final int STEPS = 5;
    private static final int FEATURES = 3;
    private static final int UNITS = 4;

    static Stream<Arguments> recurrentVariants() {
        List<Arguments> c = new ArrayList<>();
        for (RecurrentCell cell : RecurrentCell.values()) {
            for (int flags = 0; flags < 16; flags++) {
                c.add(Arguments.of(cell, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0, (flags & 8) != 0));
            }
        }
        return c.stream();
    }

    @ParameterizedTest(name = "{0} backwards={1} sequences={2} reversed={3} masked={4}")
    @MethodSource("recurrentVariants")
    void recurrentMatchesReference(RecurrentCell cell, boolean backwards, boolean sequences, boolean reversed,
            boolean masked) {
        Random r = new Random(cell.ordinal() * 31 + 5);
        int width = cell.gates() * UNITS;
        Recurrent op = new Recurrent(cell, Problems.random(r, FEATURES, width), Problems.random(r, UNITS, width),
                Problems.randomVector(r, width), ActivationKind.TANH, ActivationKind.HARD_SIGMOID, backwards,
                sequences, reversed);
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(STEPS, FEATURES));
        if (masked) {
            b.input("ids", Shape.batched(STEPS));
            b.add("mask", new StepMask(0f), "ids");
            b.add("y", op, "x", "mask");
        } else {
            b.add("y", op, "x");
        }
        b.output("out", "y");
        Graph g = b.build();
        for (int batch : new int[] {1, 7}) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("x", Problems.random(r, batch, STEPS, FEATURES));
            if (masked) {
                float[] ids = new float[batch * STEPS];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = r.nextInt(3) == 0 ? 0f : 1f + r.nextInt(4);
                }
                in.put("ids", Tensor.of(ids, batch, STEPS));
            }
            Problems.check(g, in, 2);
        }
    }

    @Test
    void linearSimpleRnnAccumulatesByHand() {
        // h1 = 0.5*1 = 0.5; h2 = 0.5*2 + 0.5*0.5 = 1.25; h3 masked keeps 1.25; h4 = 0.5*4 + 0.5*1.25 = 2.625
        Recurrent op = new Recurrent(RecurrentCell.SIMPLE, Tensor.of(new float[] {0.5f}, 1, 1),
                Tensor.of(new float[] {0.5f}, 1, 1), new float[] {0f}, null, null, false, true, false);
        float[] y = run(op, new float[] {1, 2, 3, 4}, new float[] {1, 1, 0, 1});
        assertArrayEquals(new float[] {0.5f, 1.25f, 1.25f, 2.625f}, y, 1e-6f);
    }

    @Test
    void maskedFirstStepsEmitZerosAndBackwardsOutputsInProcessingOrder() {
        // backwards: reads 4 (masked -> 0), 3 -> 1.5, 2 -> 1 + 0.75 = 1.75, 1 -> 0.5 + 0.875 = 1.375
        Recurrent op = new Recurrent(RecurrentCell.SIMPLE, Tensor.of(new float[] {0.5f}, 1, 1),
                Tensor.of(new float[] {0.5f}, 1, 1), new float[] {0f}, null, null, true, true, false);
        float[] y = run(op, new float[] {1, 2, 3, 4}, new float[] {1, 1, 1, 0});
        assertArrayEquals(new float[] {0f, 1.5f, 1.75f, 1.375f}, y, 1e-6f);
    }

    @Test
    void lstmWithHardSigmoidGatesByHand() {
        // one unit, W = 1 for every gate, U = 0, b = 0: x = 1 -> i = f = o = hard_sigmoid(1) = 0.7,
        // c = 0.7 * tanh(1), h = 0.7 * tanh(c)
        Recurrent op = new Recurrent(RecurrentCell.LSTM, Tensor.of(new float[] {1, 1, 1, 1}, 1, 4),
                Tensor.zeros(1, 4), new float[4], ActivationKind.TANH, ActivationKind.HARD_SIGMOID, false, false,
                false);
        float[] y = run(op, new float[] {1}, null);
        double c = 0.7 * Math.tanh(1);
        assertArrayEquals(new float[] {(float) (0.7 * Math.tanh(c))}, y, 1e-6f);
    }

    @Test
    void maskStepsZeroesOnlyWholeMaskedSteps() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(3, 2));
        b.add("mask", new StepMask(0f), "x");
        b.add("y", new MaskSteps(), "x", "mask");
        b.output("mask", "mask");
        b.output("out", "y");
        float[] x = {0, 0, 0, 5, 7, 0};
        try (JavaEngine e = JavaEngine.create(b.build())) {
            Map<String, Tensor> out = e.predict(Map.of("x", Tensor.of(x, 1, 3, 2)));
            assertArrayEquals(new float[] {0, 1, 1}, out.get("mask").data());
            assertArrayEquals(x, out.get("out").data());
        }
    }

    @Test
    void recurrentRejectsMismatchedWeights() {
        Recurrent op = new Recurrent(RecurrentCell.GRU, Tensor.zeros(3, 8), Tensor.zeros(4, 12), new float[12],
                ActivationKind.TANH, ActivationKind.SIGMOID, false, false, false);
        assertThrows(ShapeException.class, () -> op.inferShape(List.of(Shape.batched(5, 3))));
    }

    private static float[] run(Recurrent op, float[] xs, float[] mask) {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(xs.length, 1));
        if (mask != null) {
            b.input("m", Shape.batched(xs.length));
            b.add("y", op, "x", "m");
        } else {
            b.add("y", op, "x");
        }
        b.output("out", "y");
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("x", Tensor.of(xs, 1, xs.length, 1));
        if (mask != null) {
            in.put("m", Tensor.of(mask, 1, xs.length));
        }
        Graph g = b.build();
        Problems.check(g, in, 1);
        try (JavaEngine e = JavaEngine.create(g)) {
            return e.predict(in).get("out").data();
        }
    }
}
