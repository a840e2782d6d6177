package keras1j.bench;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/** The MNIST CNN fixtures (real Keras 1.2.2 files; sub-millisecond calls): time-based iterations. */
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class FixtureCnnBenchmark extends EngineBenchmark {
    /** A {@link BenchModels} id. */
    @Param({"mnist_cnn_th", "mnist_cnn_tf"})
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
