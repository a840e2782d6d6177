package keras1j.spark;

import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.ir.Graph;

/**
 * Opens the engine that {@link ScoringOptions#engine()} names, through
 * {@link EngineRegistry}: {@code java} always, {@code onnxruntime} when keras1j-onnxruntime (an
 * optional dependency) is on the executors' class path; otherwise a clear error that names the
 * artifact to add. Stateless.
 */
final class EngineFactory {
    private EngineFactory() {
    }

    /**
     * A new thread-safe engine for {@code graph}; the caller owns it.
     *
     * @throws keras1j.errors.InvalidInputException for an engine that is not available
     */
    static Engine open(Graph graph, String engine, int threads) {
        return EngineRegistry.open(engine, graph, EngineConfig.defaults().withThreads(threads));
    }
}
