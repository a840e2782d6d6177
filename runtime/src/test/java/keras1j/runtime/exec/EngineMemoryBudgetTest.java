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

    /**
     * Lazy weights whose reads count in the budget (as an import's do): compiling counts each weight once,
     * in the form its step keeps (a read that is packed is given back), so four dense layers compile in
     * a budget of their weights plus one layer's read, where counting reads and packed copies needed twice
     * the weights. The largest-first order and the peak (one read next to its packed copy) are checked by
     * the same budget.
     */
    @Test
    void compilingCountsEachLazyWeightOnce() {
        int n = 128;
        long layer = 4L * n * n;
        Random r = new Random(3);
        GraphBuilder b = new GraphBuilder();
        String v = b.input("x", Shape.batched(n));
        int[] reads = new int[1];
        for (int i = 0; i < 4; i++) {
            float[] values = Problems.random(r, n, n).data();
            Tensor lazy = Tensor.lazy(() -> {
                reads[0]++;
                float[] d = MemoryBudget.newFloats(values.length, "a weight read");
                System.arraycopy(values, 0, d, 0, values.length);
                return d;
            }, n, n);
            v = b.add("dense" + i, new Dense(lazy, null), v);
        }
        b.output("y", v);
        Graph g = b.build();
        MemoryBudget budget = MemoryBudget.ofBytes(4 * layer + layer + 1024);
        try (JavaEngine e = JavaEngine.create(g, new JavaEngineOptions(1).withMemoryBudget(budget))) {
            assertTrue(reads[0] == 4, "each weight read once, got " + reads[0]);
            assertTrue(e.predict(Map.of("x", Tensor.of(new float[n], 1, n))).get("y").size() == n);
        }
        // a budget below the weights themselves fails before reading any
        reads[0] = 0;
        assertThrows(ResourceLimitException.class, () -> JavaEngine.create(g,
                new JavaEngineOptions(1).withMemoryBudget(MemoryBudget.ofBytes(4 * layer - 1))));
        assertTrue(reads[0] == 0, "no weight read, got " + reads[0]);
    }
}
