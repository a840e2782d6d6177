package keras1j.bench;

import java.util.Map;
import java.util.Random;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import keras1j.runtime.exec.Engine;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.Tensor;

/**
 * One {@code predict} of a model on an engine, per batch size and thread count. The model is
 * imported through {@code KerasModelLoader} and the engine opened once per trial; the inputs are
 * random (seeded). Subclasses choose the models ({@link #model()}) and the JMH iteration settings
 * that fit their cost.
 */
@State(Scope.Benchmark)
public abstract class EngineBenchmark {
    /** Seed of the random inputs. */
    public static final long INPUT_SEED = 42L;

    /** Samples per {@code predict}. */
    @Param({"1", "32"})
    public int batch;

    /** Compute threads per {@code predict} (Java engine workers, ONNX Runtime intra-op threads). */
    @Param({"1", "2"})
    public int threads;

    /** {@code java} or {@code onnxruntime} ({@link EngineKind#id()}). */
    @Param({"java", "onnxruntime"})
    public String engine;

    private Engine runner;
    private Map<String, Tensor> inputs;

    /** The {@link BenchModels} id of the model of this trial. */
    protected abstract String model();

    @Setup(Level.Trial)
    public void open() {
        Graph graph = BenchModels.get(model()).load(batch).graph();
        runner = EngineKind.of(engine).open(graph, threads);
        inputs = RandomInputs.of(graph, batch, new Random(INPUT_SEED));
    }

    @Benchmark
    public Map<String, Tensor> predict() {
        return runner.predict(inputs);
    }

    @TearDown(Level.Trial)
    public void close() {
        if (runner != null) {
            runner.close();
            runner = null;
        }
        inputs = null;
    }
}
