package keras1j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import keras1j.bench.synthetic.SyntheticModels;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.JavaEngineOptions;
import keras1j.runtime.tensor.Tensor;

/**
 * Rows per second of single-JVM {@code predict} against Spark {@code local[1]} and {@code local[2]} on the
 * same rows, for a fixture CNN and the VGG16 blocks 1-2 model; prints a Markdown table for
 * BENCHMARKS.md. Off unless {@code -Dkeras1j.spark.bench=true} (see BENCHMARKS.md for the command).
 *
 * <p>Single JVM: the Java engine with 1 and 2 threads, batches of the same size as Spark's. Spark: the
 * input rows cached in memory first (so reading and generating data are not timed), then scored and
 * consumed by Spark's {@code noop} sink; the model is loaded by a warm-up run before timing. Each figure
 * is the best of {@code keras1j.spark.bench.runs} (default 3) timed runs.
 */
@EnabledIfSystemProperty(named = "keras1j.spark.bench", matches = "true")
class SparkThroughputBench {
    private static final int RUNS = Integer.getInteger("keras1j.spark.bench.runs", 3);

    private record Case(String name, String modelPath, int rows, int batch, ScoringOptions options) {
    }

    @Test
    void rowsPerSecond() throws Exception {
        List<Case> cases = new ArrayList<>();
        FixtureCasesHolder mnist = new FixtureCasesHolder();
        cases.add(new Case("mnist_cnn_th (fixture CNN, 1x12x12)", mnist.path, Integer.getInteger(
                "keras1j.spark.bench.cnnRows", 20000), 64, ScoringOptions.of(mnist.path).withBatchSize(64)));
        Path vgg = Files.createTempFile("vgg16_blocks12-", ".json");
        Files.writeString(vgg, SyntheticModels.vggBlocks(224, 122L).json().toString());
        cases.add(new Case("vgg16_blocks12 (224x224x3)", vgg.toString(), Integer.getInteger(
                "keras1j.spark.bench.vggRows", 16), 4, ScoringOptions.of(vgg.toString()).withBatchSize(4)));

        StringBuilder table = new StringBuilder();
        table.append("| model | rows | batch | single JVM 1 thread rows/s | single JVM 2 threads rows/s"
                + " | Spark local[1] rows/s | Spark local[2] rows/s | Spark overhead per row, local[1] (ms) |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Case c : cases) {
            ImportedModel model = KerasModelLoader.load(Path.of(c.modelPath()), null, c.options().importOptions());
            ModelLayout layout = ModelLayout.of(model);
            List<float[][]> rows = randomRows(layout, c.rows(), new Random(42));
            double single1 = single(model, layout, rows, c.batch(), 1);
            double single2 = single(model, layout, rows, c.batch(), 2);
            double spark1 = spark("local[1]", 1, layout, rows, c.options());
            double spark2 = spark("local[2]", 2, layout, rows, c.options());
            double overheadMs = (1000.0 / spark1) - (1000.0 / single1);
            table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %.1f | %.1f | %.3f |%n", c.name(),
                    c.rows(), c.batch(), single1, single2, spark1, spark2, overheadMs));
            System.out.println("BENCH " + c.name() + " done");
        }
        System.out.println("BENCHMARK TABLE\n" + table);
        Files.writeString(Path.of("target", "spark-throughput.md"), table.toString());
    }

    /** The fixture CNN's path. */
    private static final class FixtureCasesHolder {
        final String path = FixtureCases.get("keras1", "mnist_cnn_th").model().toAbsolutePath().toString();
    }

    private static List<float[][]> randomRows(ModelLayout layout, int n, Random random) {
        List<float[][]> rows = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            float[][] row = new float[layout.inputs().size()][];
            for (int i = 0; i < row.length; i++) {
                float[] a = new float[layout.inputs().get(i).size()];
                for (int k = 0; k < a.length; k++) {
                    a[k] = random.nextFloat();
                }
                row[i] = a;
            }
            rows.add(row);
        }
        return rows;
    }

    private static double single(ImportedModel model, ModelLayout layout, List<float[][]> rows, int batch,
            int threads) {
        try (Engine engine = JavaEngine.create(model.graph(), JavaEngineOptions.defaults().withThreads(threads))) {
            long best = Long.MAX_VALUE;
            for (int run = 0; run <= RUNS; run++) { // run 0 warms up
                long t0 = System.nanoTime();
                for (int from = 0; from < rows.size(); from += batch) {
                    int n = Math.min(batch, rows.size() - from);
                    Map<String, Tensor> feeds = new LinkedHashMap<>();
                    for (int i = 0; i < layout.inputs().size(); i++) {
                        ModelLayout.Port p = layout.inputs().get(i);
                        float[] data = new float[n * p.size()];
                        for (int r = 0; r < n; r++) {
                            System.arraycopy(rows.get(from + r)[i], 0, data, r * p.size(), p.size());
                        }
                        int[] shape = new int[p.sampleShape().size() + 1];
                        shape[0] = n;
                        for (int d = 0; d < p.sampleShape().size(); d++) {
                            shape[d + 1] = p.sampleShape().get(d);
                        }
                        feeds.put(p.name(), Tensor.of(data, shape));
                    }
                    engine.predict(feeds);
                }
                long t = System.nanoTime() - t0;
                if (run > 0) {
                    best = Math.min(best, t);
                }
            }
            return rows.size() / (best / 1e9);
        }
    }

    private static double spark(String master, int partitions, ModelLayout layout, List<float[][]> rows,
            ScoringOptions options) {
        SparkSession spark = SparkSession.builder().master(master).appName("SparkThroughputBench")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        try {
            StructType schema = new StructType();
            for (ModelLayout.Port p : layout.inputs()) {
                schema = schema.add(p.name(), DataTypes.createArrayType(DataTypes.FloatType, false), false);
            }
            List<Row> data = new ArrayList<>(rows.size());
            for (float[][] r : rows) {
                data.add(RowFactory.create((Object[]) Arrays.copyOf(r, r.length, Object[].class)));
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Dataset<Row> df = spark.createDataFrame(jsc.parallelize(data, partitions), schema).cache();
            df.count();
            long best = Long.MAX_VALUE;
            for (int run = 0; run <= RUNS; run++) { // run 0 loads the model and warms up
                long t0 = System.nanoTime();
                ModelScoring.score(df, options).write().format("noop").mode("overwrite").save();
                long t = System.nanoTime() - t0;
                if (run > 0) {
                    best = Math.min(best, t);
                }
            }
            df.unpersist();
            return rows.size() / (best / 1e9);
        } finally {
            spark.stop();
            ModelCache.clear();
        }
    }
}
