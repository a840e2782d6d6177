package keras1j.verify;

import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.ir.Graph;

/**
 * Opens the engine that {@link EngineSettings} names, through {@link EngineRegistry} (so ONNX
 * Runtime is needed only at run time, when {@code onnxruntime} is asked for). Stateless.
 */
public final class Engines {
    private Engines() {
    }

    /**
     * A new engine for {@code graph}; the caller closes it.
     *
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     * @throws keras1j.errors.InvalidInputException if the engine is not available
     */
    public static Engine open(Graph graph, EngineSettings settings) {
        return EngineRegistry.open(settings.kind().cliName(), graph,
                new EngineConfig(settings.threads(), settings.opset()));
    }
}
