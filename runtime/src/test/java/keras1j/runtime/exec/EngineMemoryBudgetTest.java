package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.errors.ResourceLimitException;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/** The Java engine asks its memory budget before packing weights and before each buffer it allocates. */
class EngineMemoryBudgetTest {

    private static Graph dense(int in, int out) {
        Random r = new Random(1);
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.batched(in));
        b.add("dense", new Dense(Problems.random(r, in, out), Problems.randomVector(r, out)), "x");
        b.output("y", "dense");
        return b.build();
    }

    @Test
    void packingWeightsBeyondTheBudgetIsAResourceLimitAtCreation() {
        Graph g = dense(256, 256); // 256 KiB of weights
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> JavaEngine.create(g,
                JavaEngineOptions.defaults().withMemoryBudget(MemoryBudget.ofBytes(100_000))));
        assertTrue(e.getMessage().contains("memory budget of 97.7 KiB (100000 bytes)"), e.getMessage());
    }

    @Test
    void anActivationBeyondTheBudgetIsAResourceLimitAndTheEngineStaysUsable() {
        Graph g = dense(64, 256);
        try (JavaEngine engine = JavaEngine.create(g, new JavaEngineOptions(1).withMemoryBudget(MemoryBudget.ofBytes(1 << 20)))) {
            Tensor small = Tensor.of(new float[2 * 64], 2, 64);
            Map<String, Tensor> expected = engine.predict(Map.of("x", small));
            int batch = 2000; // 2000 x 256 outputs: 2 MB
            ResourceLimitException e = assertThrows(ResourceLimitException.class,
                    () -> engine.predict(Map.of("x", Tensor.of(new float[batch * 64], batch, 64))));
            assertTrue(e.getMessage().contains("512000 values") && e.getMessage().contains("1.0 MiB"), e.getMessage());
            assertArrayEquals(expected.get("y").data(), engine.predict(Map.of("x", small)).get("y").data());
        }
    }
}
