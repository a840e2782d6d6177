package keras1j.bench;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synthetic models of 10-25 GFLOP per sample (VGG16 blocks 1-2, C3D blocks 1-2): 2-second
 * iterations; at batch 32 a call takes seconds, so each iteration is a single call there.
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class LargeModelBenchmark extends EngineBenchmark {
    /** A {@link BenchModels} id. */
    @Param({"vgg16_blocks12", "c3d_blocks12"})
    public String model;

    /** Samples per {@code predict}. */
    @Param({"1", "32"})
    public int batch;

    @Override
    protected String model() {
        return model;
    }

    @Override
    protected int batch() {
        return batch;
    }
}
