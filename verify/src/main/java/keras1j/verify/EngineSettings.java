package keras1j.verify;

import keras1j.errors.InvalidInputException;

/**
 * How to open an engine: which one, how many threads, and (for ONNX Runtime) the export opset.
 * Immutable; use the {@code withX} copies.
 */
public record EngineSettings(EngineKind kind, int threads, int opset) {
    /** The default export opset of engines opened by name ({@link keras1j.runtime.exec.EngineConfig#DEFAULT_OPSET}). */
    public static final int DEFAULT_OPSET = keras1j.runtime.exec.EngineConfig.DEFAULT_OPSET;

    public EngineSettings {
        if (threads < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + threads);
        }
    }

    /** The Java engine on all available processors, opset 13 for exports. */
    public static EngineSettings defaults() {
        return new EngineSettings(EngineKind.JAVA, Runtime.getRuntime().availableProcessors(),
                DEFAULT_OPSET);
    }

    public EngineSettings withKind(EngineKind k) {
        return new EngineSettings(k, threads, opset);
    }

    public EngineSettings withThreads(int t) {
        return new EngineSettings(kind, t, opset);
    }

    public EngineSettings withOpset(int o) {
        return new EngineSettings(kind, threads, o);
    }

    /** For reports: {@code java, 4 threads} or {@code onnxruntime, 4 threads, opset 13}. */
    public String describe() {
        return kind.cliName() + ", " + threads + (threads == 1 ? " thread" : " threads")
                + (kind == EngineKind.ONNXRUNTIME ? ", opset " + opset : "");
    }
}
