package keras1j.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synthetic models of 10-25 GFLOP per sample (VGG16 blocks 1-2, C3D blocks 1-2): one warm-up
 * iteration and two measured ones; at batch 32 on the Java engine each iteration is a single call of
 * up to a minute, so these rows rest on two calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 2)
public class LargeModelBenchmark extends EngineBenchmark {
    /** A {@link BenchModels} id. */
    @Param({"vgg16_blocks12", "c3d_blocks12"})
    public String model;

    @Override
    protected String model() {
        return model;
    }
}
