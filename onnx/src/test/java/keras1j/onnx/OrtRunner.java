package keras1j.onnx;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.tensor.Tensor;

/**
 * Runs an exported graph on ONNX Runtime directly (this module's tests only; the engine users get
 * is {@code keras1j-onnxruntime}, which depends on this module).
 */
final class OrtRunner {
    private OrtRunner() {
    }

    /** The graph's outputs, keyed by output name, for {@code inputs}. */
    static Map<String, Tensor> predict(Graph graph, OnnxExportOptions options, Map<String, Tensor> inputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        byte[] model = OnnxExporter.toBytes(graph, options);
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, so)) {
                for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                    feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().data()),
                            longs(e.getValue().shape())));
                }
                Map<String, Tensor> out = new LinkedHashMap<>();
                try (OrtSession.Result result = session.run(feeds)) {
                    for (GraphOutput o : graph.outputs()) {
                        OnnxValue v = result.get(o.name()).orElseThrow();
                        OnnxTensor t = (OnnxTensor) v;
                        long[] dims = t.getInfo().getShape();
                        int[] shape = new int[dims.length];
                        for (int i = 0; i < dims.length; i++) {
                            shape[i] = Math.toIntExact(dims[i]);
                        }
                        FloatBuffer fb = t.getFloatBuffer();
                        float[] data = new float[fb.remaining()];
                        fb.get(data);
                        out.put(o.name(), Tensor.of(data, shape));
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static long[] longs(int[] shape) {
        long[] l = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            l[i] = shape[i];
        }
        return l;
    }
}
