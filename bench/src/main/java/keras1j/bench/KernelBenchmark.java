package keras1j.bench;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.kernel.FmaProbe;
import keras1j.runtime.kernel.Kernels;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;
import keras1j.runtime.tensor.Tensor;

/**
 * The Java engine's kernels on one thread, against the FMA peak probe measured in the same run
 * ({@link #fmaProbe}): the 3x3 convolution 224x224x64 -> 64 (VGG16 block 1; as the planner runs it, by
 * Winograd F(4x4,3x3), and directly, {@code conv3x3Direct}, both counted as the direct convolution's
 * multiplies), its im2col product as
 * a plain SGEMM (50176 x 576 x 64, in blocks of 240 rows whose A stays in cache, as the engine
 * builds them), a 1x1 convolution 56x56x256 -> 64 (ResNet50), and a 4096 -> 4096 dense layer at batch
 * 1 and 32. The floating-point work of each benchmark is {@link #FLOPS}; {@code KernelReport} turns
 * the times into GFLOP/s and percentages of the probe.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {EngineBenchmark.HEAP, EngineBenchmark.VECTOR_MODULE, EngineBenchmark.HUGE_PAGES})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class KernelBenchmark {
    /** Iterations of one probe call. */
    static final long PROBE_ITERATIONS = 1L << 20;
    private static final int GEMM_BLOCK = 240;

    /** Floating-point operations per call of each benchmark method, by method name. */
    public static final Map<String, Double> FLOPS = Map.of(
            "fmaProbe", FmaProbe.flops(PROBE_ITERATIONS),
            "conv3x3", 2.0 * 224 * 224 * 64 * 9 * 64,
            "conv3x3Direct", 2.0 * 224 * 224 * 64 * 9 * 64,
            "conv3x3Gemm", 2.0 * 224 * 224 * 576 * 64,
            "conv1x1", 2.0 * 56 * 56 * 256 * 64,
            "denseBatch1", 2.0 * 4096 * 4096,
            "denseBatch32", 2.0 * 32 * 4096 * 4096);

    private JavaEngine conv3x3;
    private JavaEngine conv3x3Direct;
    private JavaEngine conv1x1;
    private JavaEngine dense;
    private Map<String, Tensor> conv3x3In;
    private Map<String, Tensor> conv1x1In;
    private Map<String, Tensor> dense1In;
    private Map<String, Tensor> dense32In;
    private Sgemm gemm;
    private PackedMatrix gemmB;
    private float[] gemmA;
    private float[] gemmC;

    private static float[] random(Random r, int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextFloat() * 2 - 1;
        }
        return d;
    }

    private static Graph single(Op op, int... sample) {
        GraphBuilder b = new GraphBuilder();
        b.add("y", op, b.input("x", Shape.batched(sample)));
        b.output("out", "y");
        return b.build();
    }

    private static JavaEngine engine(Graph g) {
        return JavaEngine.create(g, JavaEngineOptions.defaults().withThreads(1));
    }

    @Setup(Level.Trial)
    public void open() {
        Random r = new Random(5);
        Graph c3 = single(new Conv(Tensor.of(random(r, 9 * 64 * 64), 3, 3, 64, 64), random(r, 64), new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), 224, 224, 64);
        conv3x3 = engine(c3);
        conv3x3Direct = JavaEngine.create(c3, JavaEngineOptions.defaults().withThreads(1)
                .withWinograd(JavaEngineOptions.Winograd.NEVER));
        conv3x3In = RandomInputs.of(c3, 1, r);
        Graph c1 = single(new Conv(Tensor.of(random(r, 256 * 64), 1, 1, 256, 64), random(r, 64), new int[] {1, 1},
                new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), 56, 56, 256);
        conv1x1 = engine(c1);
        conv1x1In = RandomInputs.of(c1, 1, r);
        Graph d = single(new Dense(Tensor.of(random(r, 4096 * 4096), 4096, 4096), random(r, 4096)), 4096);
        dense = engine(d);
        dense1In = RandomInputs.of(d, 1, r);
        dense32In = RandomInputs.of(d, 32, r);
        gemm = Kernels.sgemm();
        gemmB = gemm.pack(random(r, 576 * 64), 0, 64, 576, 64);
        gemmA = random(r, GEMM_BLOCK * 576);
        gemmC = new float[GEMM_BLOCK * 64];
    }

    /** The FMA peak probe: {@link #PROBE_ITERATIONS} steps of independent vector FMA chains. */
    @Benchmark
    public double fmaProbe() {
        return FmaProbe.run(PROBE_ITERATIONS);
    }

    @Benchmark
    public Object conv3x3() {
        return conv3x3.predict(conv3x3In);
    }

    /** The same convolution without Winograd (the implicit-im2col product), for comparison. */
    @Benchmark
    public Object conv3x3Direct() {
        return conv3x3Direct.predict(conv3x3In);
    }

    @Benchmark
    public float[] conv3x3Gemm() {
        for (int r0 = 0; r0 < 224 * 224; r0 += GEMM_BLOCK) {
            int rows = Math.min(GEMM_BLOCK, 224 * 224 - r0);
            gemm.multiply(rows, gemmA, 0, 576, gemmB, 0, 64, gemmC, 0, 64, false);
        }
        return gemmC;
    }

    @Benchmark
    public Object conv1x1() {
        return conv1x1.predict(conv1x1In);
    }

    @Benchmark
    public Object denseBatch1() {
        return dense.predict(dense1In);
    }

    @Benchmark
    public Object denseBatch32() {
        return dense.predict(dense32In);
    }

    @TearDown(Level.Trial)
    public void close() {
        conv3x3.close();
        conv3x3Direct.close();
        conv1x1.close();
        dense.close();
    }
}
