package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.kernel.Kernels;
import keras1j.runtime.kernel.Sgemm;
import keras1j.runtime.tensor.Tensor;

/** Generated test problems and the comparison of the engine with {@link Reference}. */
final class Problems {
    /**
     * Allowed difference, relative to the largest magnitude of the expected tensor (at least 1).
     * The engine sums in float32 in a blocked order (and fuses, vectorizes) while the reference
     * sums in double: only re-association and float32 rounding separate them, which for the few
     * hundred products per output of these problems stays far below 1e-5 of the output scale.
     */
    static final double TOLERANCE = 1e-5;

    private Problems() {
    }

    static Tensor random(Random r, int... shape) {
        float[] d = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.of(d, shape);
    }

    static float[] randomVector(Random r, int n) {
        return random(r, n).data();
    }

    /** A graph of one op applied to inputs {@code x0, x1, ...} of the given sample shapes. */
    static Graph single(Op op, int[]... sampleShapes) {
        GraphBuilder b = new GraphBuilder();
        String[] names = new String[sampleShapes.length];
        for (int i = 0; i < sampleShapes.length; i++) {
            names[i] = b.input("x" + i, Shape.batched(sampleShapes[i]));
        }
        b.add("y", op, names);
        b.output("out", "y");
        return b.build();
    }

    /** Random inputs for every graph input, with {@code batch} samples. */
    static Map<String, Tensor> inputs(Graph g, Random r, int batch) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (GraphInput in : g.inputs()) {
            m.put(in.name(), random(r, in.shape().withBatch(batch).dims()));
        }
        return m;
    }

    /** The SGEMM kernels available in this JVM (the Vector API one only with its module). */
    static List<Sgemm> kernels() {
        List<Sgemm> k = new ArrayList<>();
        k.add(Kernels.plainSgemm());
        Kernels.vectorSgemm().ifPresent(k::add);
        return k;
    }

    /**
     * Runs the graph on the reference and on an engine ({@code threads}) per available SGEMM
     * kernel, and compares every output.
     */
    static void check(Graph g, Map<String, Tensor> inputs, int threads) {
        Map<String, Tensor> expected = Reference.run(g, inputs);
        for (Sgemm gemm : kernels()) {
            try (JavaEngine engine = JavaEngine.create(g, new JavaEngineOptions(threads), gemm)) {
                Map<String, Tensor> actual = engine.predict(inputs);
                assertEquals(g.outputs().size(), actual.size());
                for (String name : actual.keySet()) {
                    assertClose(expected.get(name), actual.get(name), gemm.name() + ": " + name);
                }
            }
        }
    }

    /**
     * Calls {@code e} on every input serially, then {@code rounds} times each from 4 threads at once, and
     * asserts that every concurrent call gives exactly the serial result (a shared engine is thread-safe).
     */
    static void assertConcurrentCallsMatchSerial(JavaEngine e, List<Map<String, Tensor>> inputs, int rounds)
            throws Exception {
        List<Map<String, Tensor>> serial = new ArrayList<>();
        for (Map<String, Tensor> in : inputs) {
            serial.add(e.predict(in));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Map<String, Tensor>>> futures = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                for (Map<String, Tensor> in : inputs) {
                    futures.add(pool.submit(() -> e.predict(in)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                Map<String, Tensor> got = futures.get(i).get();
                Map<String, Tensor> want = serial.get(i % inputs.size());
                for (String k : want.keySet()) {
                    assertArrayEquals(want.get(k).data(), got.get(k).data(), k);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.data();
        float[] a = actual.data();
        double scale = 1;
        for (float v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = TOLERANCE * scale;
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - a[i]) <= tol)) {
                fail(what + ": at " + java.util.Arrays.toString(Tensor.unflatten(i, expected.shape())) + " expected "
                        + e[i] + " but was " + a[i] + " (tolerance " + tol + ")");
            }
        }
    }
}
