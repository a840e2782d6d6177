package keras1j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Comparison;
import keras1j.verify.FixtureCase;
import keras1j.verify.Verifier;

/**
 * Every fixture case with reference outputs, scored through Spark (local[2], two partitions, batches
 * of two rows so that batches split and partitions end on partial batches): equal to the Keras
 * reference at the manifest tolerance, and bit for bit equal to single-JVM {@code predict} calls on the
 * Java engine over the same row batches. (The same batches: the Java engine's results may differ in the
 * last bit between batch sizes, e.g. Convolution1D, where the batch size changes the matrix blocking.)
 */
class SparkFixturesTest {
    private static final int PARTITIONS = 2;
    private static final int BATCH = 2;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("SparkFixturesTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        ModelCache.clear();
    }

    @AfterEach
    void forget() {
        ModelCache.clear();
    }

    static Stream<Named<FixtureCase>> cases() {
        return FixtureCases.withReferenceIo();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sparkMatchesKerasAndSingleJvmPredict(FixtureCase c) {
        Map<String, Tensor> available = Hdf5Tensors.readGroup(c.io(), "inputs");
        ImportedModel model = KerasModelLoader.load(c.model(), c.weightsForModel().orElse(null),
                Verifier.withInputShapesOf(c.importOptions(), available));
        Map<String, Tensor> inputs = Verifier.modelInputs(model, available, c.io());
        // BatchNormalization mode 2 normalizes with the statistics of the batch it runs in (as Keras does), so
        // such a model matches the reference only when all reference samples form one batch, as they did in Keras
        boolean oneBatch = model.graph().mixesSamples();
        int partitions = oneBatch ? 1 : PARTITIONS;
        int batch = oneBatch ? inputs.values().iterator().next().dim(0) : BATCH;
        ScoringOptions options = TestData.options(c, inputs).withBatchSize(batch);

        List<Row> scored = ModelScoring.score(TestData.frame(spark, inputs, partitions), options).collectAsList();
        Map<String, Tensor> actual = TestData.outputs(scored, ModelLayout.of(model));

        Map<String, Tensor> expected = Hdf5Tensors.readGroup(c.io(), "outputs");
        Map<String, Tensor> single;
        try (Engine engine = JavaEngine.create(model.graph())) {
            single = TestData.predictInSparkBatches(engine, inputs, partitions, batch);
        }
        for (String out : model.outputNames()) {
            Comparison r = Comparison.of(out, actual.get(out), expected.get(out), c.rtol(), c.atol());
            assertTrue(r.passed(), () -> FixtureCases.name(c) + ": " + r.describe());
            assertArrayEquals(single.get(out).shape(), actual.get(out).shape(), out);
            assertArrayEquals(single.get(out).data(), actual.get(out).data(),
                    () -> FixtureCases.name(c) + ", output " + out + ": Spark differs from single-JVM predict");
        }
    }
}
