package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.onnx.proto.OnnxMl.ModelProto;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.RecordedProgress;
import keras1j.runtime.tensor.WeightProgress;

/** The ONNX export reports the bytes of the large weights it streams into the model, from 0 to their total. */
class ExportProgressTest {
    /** The values of the two large kernels, the only initializers made while writing. */
    private static final long LARGE_BYTES = 4L * (300 * 200 + 200 * 100);

    /** Three dense layers: two kernels large enough to be streamed, a small one made at once. */
    private static Graph dense() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(300));
        String h1 = b.add("dense_1", new Dense(TestData.random(1, 300, 200), TestData.randomVector(2, 200)), x);
        String h2 = b.add("dense_2", new Dense(TestData.random(3, 200, 100), null), h1);
        b.output("y", b.add("dense_3", new Dense(TestData.random(4, 100, 3), null), h2));
        return b.build();
    }

    @Test
    void writingAFileReportsEveryStreamedByteInOrder(@TempDir Path tmp) throws Exception {
        RecordedProgress heard = new RecordedProgress();
        Path out = tmp.resolve("m.onnx");
        OnnxExporter.write(dense(), OnnxExportOptions.defaults().withWeightProgress(heard), out);
        heard.assertOnePassTo(LARGE_BYTES, 3);
        assertTrue(heard.calls() > 5, "large initializers are reported chunk by chunk: " + heard.calls());
        assertTrue(ModelProto.parseFrom(Files.readAllBytes(out)).getGraph().getInitializerCount() >= 3);
    }

    @Test
    void bytesAndModelProtoReportLikeAFile() {
        RecordedProgress heard = new RecordedProgress();
        OnnxExportOptions options = OnnxExportOptions.defaults().withWeightProgress(heard);
        OnnxExporter.toBytes(dense(), options);
        heard.assertOnePassTo(LARGE_BYTES, 3);
        heard.clear();
        OnnxExporter.toModel(dense(), options);
        heard.assertOnePassTo(LARGE_BYTES, 3);
    }

    @Test
    void optionsKeepTheListenerThroughEveryCopy() {
        RecordedProgress heard = new RecordedProgress();
        OnnxExportOptions options = OnnxExportOptions.defaults().withWeightProgress(heard).withOpset(15);
        assertEquals(heard, options.weightProgress());
        assertEquals(15, options.opset());
        assertEquals(WeightProgress.none(), new OnnxExportOptions(14).weightProgress());
    }
}
