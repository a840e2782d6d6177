package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.RecordedProgress;
import keras1j.runtime.tensor.Tensor;
import keras1j.runtime.tensor.WeightProgress;

/** The Java engine reports the bytes of weights it packs, from 0 to their total, in order. */
class WeightProgressTest {

    /** conv (with a batch normalization folded into it), relu, conv, dense: about 80 KB of weights. */
    private static Graph cnn(Random r) {
        GraphBuilder b = new GraphBuilder();
        b.input("image", Shape.batched(8, 8, 3));
        b.add("conv1", new Conv(Problems.random(r, 3, 3, 3, 16), Problems.randomVector(r, 16), new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), "image");
        b.add("bn1", new ChannelAffine(3, Problems.randomVector(r, 16), Problems.randomVector(r, 16)), "conv1");
        b.add("relu1", Activation.of(ActivationKind.RELU), "bn1");
        b.add("conv2", new Conv(Problems.random(r, 3, 3, 16, 64), null, new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, 1), "relu1");
        b.add("flat", new Reshape(new int[] {8 * 8 * 64}), "conv2");
        b.add("dense", new Dense(Problems.random(r, 8 * 8 * 64, 10), Problems.randomVector(r, 10)), "flat");
        b.output("y", "dense");
        return b.build();
    }

    @Test
    void javaEngineReportsEveryPackedWeightOnce() {
        Graph g = cnn(new Random(3));
        RecordedProgress heard = new RecordedProgress();
        try (JavaEngine engine = JavaEngine.create(g, new JavaEngineOptions(1).withWeightProgress(heard))) {
            long total = 4 * engine.optimizedGraph().parameterCount();
            assertEquals(4L * (3 * 3 * 3 * 16 + 16 + 3 * 3 * 16 * 64 + 4096 * 10 + 10), total,
                    "the folded batch normalization is no weight of its own");
            heard.assertOnePassTo(total, 4);
            assertEquals(1 + 3, heard.calls(), "the start, then one call per layer with weights");
            int before = heard.calls();
            engine.predict(Map.of("image", Tensor.of(new float[8 * 8 * 3], 1, 8, 8, 3)));
            engine.evaluate(Map.of("image", Tensor.of(new float[8 * 8 * 3], 1, 8, 8, 3)), List.of("bn1"));
            assertEquals(before, heard.calls(), "predictions and evaluations read no more weights");
        }
    }

    @Test
    void anEngineOpenedByNameReportsThroughItsConfig() {
        Graph g = cnn(new Random(4));
        RecordedProgress heard = new RecordedProgress();
        try (Engine engine = EngineRegistry.open(EngineRegistry.JAVA, g,
                new EngineConfig(1, EngineConfig.DEFAULT_OPSET).withWeightProgress(heard))) {
            heard.assertOnePassTo(4 * ((JavaEngine) engine).optimizedGraph().parameterCount(), 4);
        }
    }

    @Test
    void aGraphWithoutWeightsReportsOneCallOfNothing() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(4, 4, 2));
        b.output("y", b.add("pool", new GlobalPool(PoolKind.MAX), "x"));
        RecordedProgress heard = new RecordedProgress();
        JavaEngine.create(b.build(), new JavaEngineOptions(1).withWeightProgress(heard)).close();
        heard.assertOnePassTo(0, 1);
        assertEquals(1, heard.calls(), "(0, 0) only");
    }

    @Test
    void optionsKeepTheListenerThroughEveryCopy() {
        WeightProgress p = (done, total) -> { };
        JavaEngineOptions o = JavaEngineOptions.defaults().withWeightProgress(p).withThreads(1)
                .withWinograd(JavaEngineOptions.Winograd.NEVER);
        assertEquals(p, o.weightProgress());
        assertEquals(WeightProgress.none(), JavaEngineOptions.defaults().weightProgress());
        assertEquals(p, EngineConfig.defaults().withWeightProgress(p).withThreads(1).withOpset(14).weightProgress());
        assertThrows(NullPointerException.class, () -> JavaEngineOptions.defaults().withWeightProgress(null));
    }
}
