package keras1j.bench;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synthetic models of 1-2 GFLOP per sample (DCGAN generator, WaveNet stack): time-based iterations;
 * an iteration that outlasts its time holds a single call (batch 32 on the Java engine).
 */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MidsizeModelBenchmark extends EngineBenchmark {
    /** A {@link BenchModels} id. */
    @Param({"dcgan_generator", "wavenet_stack"})
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
