package keras1j.runtime.exec;

import keras1j.errors.InvalidInputException;

/**
 * What an {@link EngineProvider} needs to open an engine. Immutable; copy with the {@code withX}
 * methods.
 *
 * @param threads threads one prediction may use, {@code 1..}{@value #MAX_THREADS}
 * @param opset   the ONNX opset of the export, for engines that run an ONNX export (ignored by the
 *                Java engine)
 */
public record EngineConfig(int threads, int opset) {
    /** The largest thread count accepted (far above any machine this runs on; guards typos). */
    public static final int MAX_THREADS = 1024;
    /** The opset used when none is given (the widest-supported ONNX opset keras1j writes). */
    public static final int DEFAULT_OPSET = 13;

    /** @throws InvalidInputException if {@code threads} is outside {@code 1..MAX_THREADS} */
    public EngineConfig {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new InvalidInputException("threads must be in 1.." + MAX_THREADS + ", got " + threads);
        }
    }

    /** One thread per available processor, opset {@value #DEFAULT_OPSET}. */
    public static EngineConfig defaults() {
        return new EngineConfig(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()), DEFAULT_OPSET);
    }

    /** A copy with another thread count. */
    public EngineConfig withThreads(int t) {
        return new EngineConfig(t, opset);
    }

    /** A copy with another ONNX opset. */
    public EngineConfig withOpset(int o) {
        return new EngineConfig(threads, o);
    }
}
