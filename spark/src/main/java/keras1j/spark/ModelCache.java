package keras1j.spark;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.conf.Configuration;

import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.Engine;

/**
 * The models and engines of this JVM (a driver or an executor): each model is read and imported once
 * per JVM, and one engine per model and engine setting is shared by every task of the JVM (engines
 * are thread-safe). Keyed by the model path, weights path and import overrides (and for engines also
 * the engine name and threads); the batch size does not matter. Thread-safe: concurrent first uses
 * wait for one load.
 */
public final class ModelCache {
    private record ModelKey(String modelPath, String weightsPath, String backend, String dimOrdering,
            Map<String, List<Integer>> inputShapes) {
        static ModelKey of(ScoringOptions o) {
            return new ModelKey(o.modelPath(), o.weightsPath(), o.backend(), o.dimOrdering(), o.inputShapes());
        }
    }

    private record EngineKey(ModelKey model, String engine, int threads) {
    }

    /** Computes its value once, on first {@link #get}; later callers wait for it or reuse it. */
    private static final class Once<T> {
        private T value;

        synchronized T get(java.util.function.Supplier<T> load) {
            if (value == null) {
                value = load.get();
            }
            return value;
        }

        synchronized T peek() {
            return value;
        }
    }

    private static final ConcurrentHashMap<ModelKey, Once<ImportedModel>> MODELS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<EngineKey, Once<Engine>> ENGINES = new ConcurrentHashMap<>();
    private static final AtomicInteger MODEL_LOADS = new AtomicInteger();
    private static final AtomicInteger ENGINE_OPENS = new AtomicInteger();

    private ModelCache() {
    }

    /** The imported model of {@code options}, read on first use in this JVM. */
    static ImportedModel model(ScoringOptions options, Configuration conf) {
        ModelKey key = ModelKey.of(options);
        return MODELS.computeIfAbsent(key, k -> new Once<>()).get(() -> {
            Path model = ModelFiles.local(options.modelPath(), "model", conf);
            Path weights = options.weightsPath() == null ? null
                    : ModelFiles.local(options.weightsPath(), "weights", conf);
            ImportedModel m = KerasModelLoader.load(model, weights, options.importOptions());
            MODEL_LOADS.incrementAndGet();
            return m;
        });
    }

    /** The shared engine of {@code options}, opened on first use in this JVM. */
    static Engine engine(ScoringOptions options, Configuration conf) {
        EngineKey key = new EngineKey(ModelKey.of(options), options.engine(), options.threads());
        return ENGINES.computeIfAbsent(key, k -> new Once<>()).get(() -> {
            Engine e = EngineFactory.open(model(options, conf).graph(), options.engine(), options.threads());
            ENGINE_OPENS.incrementAndGet();
            return e;
        });
    }

    /** How many models this JVM has read since it started (or since {@link #clear}). */
    public static int modelLoads() {
        return MODEL_LOADS.get();
    }

    /** How many engines this JVM has opened since it started (or since {@link #clear}). */
    public static int engineOpens() {
        return ENGINE_OPENS.get();
    }

    /**
     * Closes every cached engine and forgets every model (e.g. after the model files changed, or
     * before a test); later scoring reads the files again. Do not call while jobs are scoring.
     */
    public static synchronized void clear() {
        for (Once<Engine> e : ENGINES.values()) {
            Engine engine = e.peek();
            if (engine != null) {
                engine.close();
            }
        }
        ENGINES.clear();
        MODELS.clear();
        MODEL_LOADS.set(0);
        ENGINE_OPENS.set(0);
    }
}
