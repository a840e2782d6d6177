package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.errors.InvalidModelException;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;

/** A graph whose weights are placeholders is never exported. */
class WeightlessExportTest {

    @Test
    void exportIsRefusedAndNothingIsWritten(@TempDir Path tmp) {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(3));
        b.output("y", b.add("y", Activation.of(ActivationKind.RELU), x));
        b.metadata("source", "net.json");
        b.weightsMissing("the model has no weights");
        Graph g = b.build();
        Path out = tmp.resolve("net.onnx");
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> OnnxExporter.write(g, OnnxExportOptions.defaults(), out));
        assertEquals("net.json: cannot export to ONNX: the model has no weights", e.getMessage());
        assertFalse(Files.exists(out));
        assertThrows(InvalidModelException.class, () -> OnnxExporter.toBytes(g, OnnxExportOptions.defaults()));
    }

    @Test
    void producerVersionIsTheRelease() {
        assertEquals("0.2.0", OnnxExporter.PRODUCER_VERSION);
    }
}
