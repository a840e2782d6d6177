package keras1j.verify;

import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.ir.Graph;

/** Opens the engine that {@link EngineSettings} names. Stateless. */
public final class Engines {
    private Engines() {
    }

    /** A new engine for {@code graph}; the caller closes it. */
    public static Engine open(Graph graph, EngineSettings settings) {
        return switch (settings.kind()) {
            case JAVA -> JavaEngine.create(graph, JavaEngineOptions.defaults().withThreads(settings.threads()));
            case ONNXRUNTIME -> OnnxRuntimeEngine.create(graph,
                    OnnxExportOptions.defaults().withOpset(settings.opset()), settings.threads());
        };
    }
}
