package keras1j.runtime.exec;

import java.util.Objects;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.tensor.WeightProgress;

/**
 * What an {@link EngineProvider} needs to open an engine. Immutable; copy with the {@code withX}
 * methods.
 *
 * @param threads threads one prediction may use, {@code 1..}{@value #MAX_THREADS}
 * @param opset   the ONNX opset of the export, for engines that run an ONNX export (ignored by the
 *                Java engine)
 * @param weightProgress hears the bytes of weights read while the engine is created (packed by the Java
 *                       engine, exported for ONNX Runtime); {@link WeightProgress#none()} by default
 */
public record EngineConfig(int threads, int opset, WeightProgress weightProgress) {
    /** The largest thread count accepted (far above any machine this runs on; guards typos). */
    public static final int MAX_THREADS = 1024;
    /** The opset used when none is given (the widest-supported ONNX opset keras1j writes). */
    public static final int DEFAULT_OPSET = 13;

    /** @throws InvalidInputException if {@code threads} is outside {@code 1..MAX_THREADS} */
    public EngineConfig {
        if (threads < 1 || threads > MAX_THREADS) {
            throw new InvalidInputException("threads must be in 1.." + MAX_THREADS + ", got " + threads);
        }
        Objects.requireNonNull(weightProgress, "weightProgress");
    }

    /** {@code threads} threads, the export at {@code opset}, no weight progress. */
    public EngineConfig(int threads, int opset) {
        this(threads, opset, WeightProgress.none());
    }

    /** One thread per available processor, opset {@value #DEFAULT_OPSET}. */
    public static EngineConfig defaults() {
        return new EngineConfig(Math.min(MAX_THREADS, Runtime.getRuntime().availableProcessors()), DEFAULT_OPSET);
    }

    /** A copy with another thread count. */
    public EngineConfig withThreads(int t) {
        return new EngineConfig(t, opset, weightProgress);
    }

    /** A copy with another ONNX opset. */
    public EngineConfig withOpset(int o) {
        return new EngineConfig(threads, o, weightProgress);
    }

    /** A copy that reports the weights read while the engine is created to {@code p}. */
    public EngineConfig withWeightProgress(WeightProgress p) {
        return new EngineConfig(threads, opset, p);
    }
}
