package keras1j.bench;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.Tensor;

/**
 * One {@code predict} of a model on an engine, per batch size and thread count, in milliseconds per
 * call. The model is imported through {@code KerasModelLoader} and the engine opened once per trial;
 * the inputs are random (seeded). Each configuration runs in one fork with a {@value #HEAP} heap on huge pages
 * ({@link #HUGE_PAGES}) and the JDK Vector API module, which the Java engine uses for its SIMD SGEMM when present. Subclasses
 * choose the models ({@link #model()}) and the iteration settings that fit their cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {EngineBenchmark.HEAP, EngineBenchmark.VECTOR_MODULE, EngineBenchmark.HUGE_PAGES})
@State(Scope.Benchmark)
public abstract class EngineBenchmark {
    /** Heap of the benchmark JVMs. */
    public static final String HEAP = "-Xmx6g";
    /** Makes the Java engine's Vector API SGEMM available ({@code keras1j.runtime.kernel.Kernels}). */
    public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    /**
     * Transparent huge pages for the heap, as the {@code keras1j} launchers give it where the kernel
     * offers them: the Java engine streams its weight arrays, and on 4 KB pages it waits on address
     * translation (ResNet50 at batch 1 about 10% slower). A kernel without them makes the JVM warn and
     * go on with small pages.
     */
    public static final String HUGE_PAGES = "-XX:+UseTransparentHugePages";
    /** Seed of the random inputs. */
    public static final long INPUT_SEED = 42L;

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

    /** Samples per {@code predict} in this trial (each subclass declares its {@code batch} parameter). */
    protected abstract int batch();

    @Setup(Level.Trial)
    public void open() {
        Graph graph = BenchModels.get(model()).load().graph();
        runner = EngineKind.of(engine).open(graph, threads);
        inputs = RandomInputs.of(graph, batch(), new Random(INPUT_SEED));
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
