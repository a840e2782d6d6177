package keras1j.spark;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.ir.Graph;

/**
 * Opens the engine that {@link ScoringOptions#engine()} names. The only class of this module that
 * refers to the ONNX Runtime engine (keras1j-onnx is an optional dependency: without it on the
 * classpath, {@code onnxruntime} is a clear error and the Java engine works as usual). Stateless.
 */
final class EngineFactory {
    private EngineFactory() {
    }

    /** A new thread-safe engine for {@code graph}; the caller owns it. */
    static Engine open(Graph graph, String engine, int threads) {
        return switch (engine) {
            case ScoringOptions.JAVA -> JavaEngine.create(graph, JavaEngineOptions.defaults().withThreads(threads));
            case ScoringOptions.ONNXRUNTIME -> onnxRuntime(graph, threads);
            default -> throw new InvalidInputException("unknown engine '" + engine + "', expected java or onnxruntime");
        };
    }

    private static Engine onnxRuntime(Graph graph, int threads) {
        try {
            return OnnxRuntime.open(graph, threads);
        } catch (LinkageError e) {
            throw new InvalidInputException("engine onnxruntime needs keras1j-onnx and com.microsoft.onnxruntime:"
                    + "onnxruntime on the classpath of every executor (" + e + ")", e);
        }
    }

    /** Loaded only when ONNX Runtime is asked for. */
    private static final class OnnxRuntime {
        static Engine open(Graph graph, int threads) {
            return keras1j.onnx.OnnxRuntimeEngine.create(graph, keras1j.onnx.OnnxExportOptions.defaults(), threads);
        }
    }
}
