package keras1j.onnxruntime;

import keras1j.onnx.OnnxExportOptions;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineProvider;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.ir.Graph;

/**
 * Makes the ONNX Runtime engine available by name ({@value EngineRegistry#ONNXRUNTIME}) through
 * {@link EngineRegistry}. Registered in {@code META-INF/services}; stateless and thread-safe.
 */
public final class OnnxRuntimeEngineProvider implements EngineProvider {
    /** Used by {@link java.util.ServiceLoader}. */
    public OnnxRuntimeEngineProvider() {
    }

    @Override
    public String name() {
        return EngineRegistry.ONNXRUNTIME;
    }

    @Override
    public Engine create(Graph graph, EngineConfig config) {
        return OnnxRuntimeEngine.create(graph, OnnxExportOptions.defaults().withOpset(config.opset())
                .withWeightProgress(config.weightProgress()), config.threads());
    }
}
