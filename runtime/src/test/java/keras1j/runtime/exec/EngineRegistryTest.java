package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidInputException;
import keras1j.errors.InvalidModelException;
import keras1j.runtime.Keras1jVersion;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

/** Engines by name, and the refusal of graphs whose weights are placeholders. */
class EngineRegistryTest {

    private static Graph relu(boolean weightsMissing) {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(3));
        b.output("y", b.add("y", Activation.of(ActivationKind.RELU), x));
        b.metadata("source", "net.json");
        if (weightsMissing) {
            b.weightsMissing("no weights");
        }
        return b.build();
    }

    @Test
    void javaIsAlwaysThereAndRuns() {
        assertTrue(EngineRegistry.names().contains(EngineRegistry.JAVA));
        try (Engine e = EngineRegistry.open("JAVA", relu(false), EngineConfig.defaults().withThreads(1))) {
            Tensor y = e.predict(Map.of("x", Tensor.of(new float[] {-1, 0, 2}, 1, 3))).get("y");
            assertEquals(2f, y.data()[2]);
            assertEquals(0f, y.data()[0]);
        }
    }

    @Test
    void unknownEngineNamesTheAvailableOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> EngineRegistry.open("tpu", relu(false), EngineConfig.defaults()));
        assertTrue(e.getMessage().startsWith("engine 'tpu' is not available; available: java"), e.getMessage());
    }

    @Test
    void threadCountsOutsideTheRangeAreRejected() {
        assertThrows(InvalidInputException.class, () -> EngineConfig.defaults().withThreads(0));
        assertThrows(InvalidInputException.class, () -> EngineConfig.defaults().withThreads(EngineConfig.MAX_THREADS + 1));
    }

    @Test
    void graphWithPlaceholderWeightsIsRefusedByTheJavaEngine() {
        Graph g = relu(true);
        assertEquals("no weights", g.missingWeights().orElseThrow());
        InvalidModelException e = assertThrows(InvalidModelException.class, () -> JavaEngine.create(g));
        assertEquals("net.json: cannot run on the Java engine: no weights", e.getMessage());
        assertThrows(InvalidModelException.class, () -> EngineRegistry.open("java", g, EngineConfig.defaults()));
    }

    @Test
    void versionIsTheReleaseOfTheBuild() {
        assertEquals("0.2.0", Keras1jVersion.current());
    }
}
