package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

/** The streamed serialization of a model with large (deferred) initializers parses as the model itself. */
class OnnxModelStreamingTest {

    /** Two dense layers, the first with more values than {@link OnnxContext#DEFERRED_ELEMENTS}. */
    private static Graph wideDense() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("input_1", Shape.batched(300));
        Tensor big = TestData.random(5, 300, 100);
        assertTrue(big.size() >= OnnxContext.DEFERRED_ELEMENTS);
        String h = b.add("dense_1", new Dense(big, TestData.randomVector(6, 100)), x);
        b.output("dense_2", b.add("dense_2", new Dense(TestData.random(7, 100, 4), null), h));
        return b.build();
    }

    private static Map<String, float[]> initializerValues(ModelProto m) {
        Map<String, float[]> out = new TreeMap<>();
        for (TensorProto t : m.getGraph().getInitializerList()) {
            ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] v = new float[raw.remaining() / 4];
            raw.asFloatBuffer().get(v);
            out.put(t.getName() + " " + t.getDimsList(), v);
        }
        return out;
    }

    @Test
    void streamedBytesParseAsTheCompleteModel() throws IOException {
        Graph g = wideDense();
        OnnxModel lowered = OnnxLowering.lower(g, OnnxExportOptions.defaults(), g.outputs());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lowered.writeTo(out);
        byte[] streamed = out.toByteArray();
        assertEquals(lowered.serializedSize(), streamed.length);
        ModelProto parsed = ModelProto.parseFrom(streamed);
        ModelProto whole = lowered.toProto();
        assertEquals(whole.getGraph().getNodeList(), parsed.getGraph().getNodeList());
        assertEquals(whole.getGraph().getInputList(), parsed.getGraph().getInputList());
        assertEquals(whole.getGraph().getOutputList(), parsed.getGraph().getOutputList());
        assertEquals(whole.toBuilder().clearGraph().build(), parsed.toBuilder().clearGraph().build());
        Map<String, float[]> expected = initializerValues(whole);
        Map<String, float[]> actual = initializerValues(parsed);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), name));
    }

    @Test
    void largeWeightValuesAreWrittenFromTheWeightArray() {
        Graph g = wideDense();
        OnnxModel lowered = OnnxLowering.lower(g, OnnxExportOptions.defaults(), g.outputs());
        Dense first = (Dense) g.nodes().get(0).op();
        float[] kept = null;
        for (TensorProto t : lowered.toProto().getGraph().getInitializerList()) {
            if (t.getDims(0) == 300) {
                kept = initializerValues(ModelProto.newBuilder().setGraph(
                        lowered.toProto().getGraph().toBuilder().clearInitializer().addInitializer(t)).build())
                        .values().iterator().next();
            }
        }
        assertArrayEquals(first.weights().data(), kept);
    }

    @Test
    void exportedBytesEqualTheCompleteModelsInitializers() throws IOException {
        Graph g = wideDense();
        ModelProto parsed = ModelProto.parseFrom(OnnxExporter.toBytes(g, OnnxExportOptions.defaults()));
        Map<String, float[]> expected = initializerValues(OnnxExporter.toModel(g, OnnxExportOptions.defaults()));
        Map<String, float[]> actual = initializerValues(parsed);
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, values) -> assertArrayEquals(values, actual.get(name), name));
    }
}
