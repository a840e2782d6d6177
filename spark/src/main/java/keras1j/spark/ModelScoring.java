package keras1j.spark;

import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a {@code Dataset<Row>} with a Keras 1 model: the plain-function form of
 * {@link KerasModelTransformer}.
 *
 * <p>Data layout: one input column per model input, named by the Keras input layer, holding the sample
 * flattened in the model's own (Keras) layout as {@code array<float>} or {@code array<double>}
 * (integer arrays are accepted too, e.g. Embedding ids); every other column passes through unchanged;
 * one {@code array<float>} column per model output, named by the output layer, is appended in model
 * order. A missing column, another type or a wrong length fails with a message naming the column, the
 * model input and the expected length (type and name when the plan is built, length when the row is
 * scored).
 *
 * <p>Execution: the model is read once per JVM (driver and each executor) and one engine per executor
 * is shared by its tasks ({@link ModelCache}); each partition is scored in batches of
 * {@link ScoringOptions#batchSize()} rows ({@code mapPartitions}, one engine call per batch).
 *
 * <p>Stateless and thread-safe.
 */
public final class ModelScoring {
    private ModelScoring() {
    }

    /**
     * The scored data (lazy, like any transformation).
     *
     * @throws keras1j.errors.InvalidInputException   for a missing or mistyped input column
     * @throws keras1j.errors.InvalidModelException    for an unreadable model
     * @throws keras1j.errors.UnsupportedFeatureException for a model keras1j cannot run
     */
    public static Dataset<Row> score(Dataset<Row> data, ScoringOptions options) {
        HadoopConf conf = new HadoopConf(data.sparkSession().sparkContext().hadoopConfiguration());
        ModelLayout layout = layout(options, conf.get());
        StructType in = data.schema();
        StructType out = Columns.outputSchema(in, layout);
        List<String> names = Arrays.asList(in.fieldNames());
        int[] inputColumns = layout.inputs().stream().mapToInt(p -> names.indexOf(p.name())).toArray();
        PartitionScorer scorer = new PartitionScorer(options, layout, inputColumns, names.size(), conf);
        return data.mapPartitions(scorer, Encoders.row(out));
    }

    /**
     * The schema {@link #score} produces for data of schema {@code input}.
     *
     * @throws keras1j.errors.InvalidInputException for a missing or mistyped input column
     */
    public static StructType outputSchema(StructType input, ScoringOptions options) {
        return Columns.outputSchema(input, layout(options, activeHadoopConf()));
    }

    /** The model's input and output columns (reads the model on first use in this JVM). */
    public static ModelLayout layout(ScoringOptions options) {
        return layout(options, activeHadoopConf());
    }

    static ModelLayout layout(ScoringOptions options, Configuration conf) {
        return ModelLayout.of(ModelCache.model(options, conf));
    }

    private static Configuration activeHadoopConf() {
        return SparkSession.getActiveSession().isDefined()
                ? SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration()
                : new Configuration();
    }
}
