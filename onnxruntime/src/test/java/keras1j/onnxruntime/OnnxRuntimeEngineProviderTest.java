package keras1j.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidModelException;
import keras1j.onnx.OnnxExportOptions;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

/** This artifact registers the engine "onnxruntime" (ServiceLoader), at the opset asked for. */
class OnnxRuntimeEngineProviderTest {

    private static Graph relu(boolean weightsMissing) {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(3));
        b.output("y", b.add("y", Activation.of(ActivationKind.RELU), x));
        if (weightsMissing) {
            b.weightsMissing("no weights");
        }
        return b.build();
    }

    @Test
    void engineIsAvailableByNameAndRuns() {
        assertTrue(EngineRegistry.names().contains("onnxruntime"), EngineRegistry.names().toString());
        try (Engine e = EngineRegistry.open("onnxruntime", relu(false), EngineConfig.defaults().withThreads(1)
                .withOpset(15))) {
            OnnxRuntimeEngine ort = assertInstanceOf(OnnxRuntimeEngine.class, e);
            assertEquals(15, ort.options().opset());
            Tensor y = e.predict(Map.of("x", Tensor.of(new float[] {-1, 0, 2}, 1, 3))).get("y");
            assertEquals(2f, y.data()[2]);
            assertEquals(0f, y.data()[0]);
        }
    }

    @Test
    void graphWithPlaceholderWeightsIsRefused() {
        Graph g = relu(true);
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> OnnxRuntimeEngine.create(g, OnnxExportOptions.defaults(), 1));
        assertEquals("the model: cannot run on ONNX Runtime: no weights", e.getMessage());
    }

    @Test
    void creationReportsTheExportedWeightsOnceThroughTheConfig() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(200));
        String h = b.add("h", new Dense(Tensor.of(new float[200 * 100], 200, 100), null), x);
        b.output("y", b.add("y", Activation.of(ActivationKind.RELU), h));
        List<long[]> heard = new ArrayList<>();
        try (Engine e = EngineRegistry.open("onnxruntime", b.build(), EngineConfig.defaults().withThreads(1)
                .withWeightProgress((done, total) -> heard.add(new long[] {done, total})))) {
            long total = 4L * 200 * 100;
            assertTrue(heard.size() >= 2, "calls: " + heard.size());
            long previous = 0;
            for (long[] c : heard) {
                assertEquals(total, c[1]);
                assertTrue(c[0] >= previous, c[0] + " after " + previous);
                previous = c[0];
            }
            assertEquals(0, heard.get(0)[0]);
            assertEquals(total, previous);
            int calls = heard.size();
            e.evaluate(Map.of("x", Tensor.of(new float[200], 1, 200)), List.of("h"));
            assertEquals(calls, heard.size(), "the sessions of evaluate report nothing");
        }
    }
}
