package keras1j.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.ir.Graph;

/** The engines compared, by the id used in JMH parameters and reports. Thread-safe. */
public enum EngineKind {
    /** The pure-Java engine. */
    JAVA("java", "Java") {
        @Override
        public Engine open(Graph graph, int threads) {
            return JavaEngine.create(graph, JavaEngineOptions.defaults().withThreads(threads));
        }
    },
    /** ONNX Runtime on the graph exported at the default opset. */
    ONNX_RUNTIME("onnxruntime", "ONNX Runtime") {
        @Override
        public Engine open(Graph graph, int threads) {
            return OnnxRuntimeEngine.create(graph, OnnxExportOptions.defaults(), threads);
        }
    };

    private final String id;
    private final String label;

    EngineKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The id in JMH parameters ({@code java}, {@code onnxruntime}). */
    public String id() {
        return id;
    }

    /** A human-readable name. */
    public String label() {
        return label;
    }

    /** Opens {@code graph} on this engine with {@code threads} compute threads per prediction. */
    public abstract Engine open(Graph graph, int threads);

    /**
     * The engine with id {@code id}.
     *
     * @throws IllegalArgumentException naming the known ids
     */
    public static EngineKind of(String id) {
        for (EngineKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + id + "', expected one of "
                + Arrays.stream(values()).map(EngineKind::id).collect(Collectors.joining(", ")));
    }
}
