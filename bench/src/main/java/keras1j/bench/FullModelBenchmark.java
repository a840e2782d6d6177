package keras1j.bench;

import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole ImageNet models at batch 1 (full VGG16 with its classifier, 15.5 GFLOP; ResNet50, 7.7 GFLOP):
 * 2-second iterations, 1 and 2 threads, batch 1 only (batch 32 takes minutes per configuration; add it
 * with {@code -p batch=1,32}).
 */
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class FullModelBenchmark extends EngineBenchmark {
    /** A {@link BenchModels} id. */
    @Param({"vgg16", "resnet50"})
    public String model;

    /** Samples per {@code predict}. */
    @Param({"1"})
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
