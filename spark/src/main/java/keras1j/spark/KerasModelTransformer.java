package keras1j.spark;

import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that scores rows with a Keras 1 model and appends one
 * {@code array<float>} column per model output, named by the output layer; usable as a stage of a
 * {@link org.apache.spark.ml.Pipeline}, and saved and loaded with it ({@link DefaultParamsWritable}).
 * The data layout and execution are those of {@link ModelScoring}.
 *
 * <pre>{@code
 * KerasModelTransformer scorer = new KerasModelTransformer()
 *         .setModelPath("hdfs:///models/model.h5")   // or a local path, or a file shipped with --files
 *         .setBatchSize(128);
 * Dataset<Row> scored = scorer.transform(data);     // data has one array<float> column per model input
 * }</pre>
 *
 * <p>Params: {@code modelPath} (required), {@code weightsPath} (for an architecture JSON),
 * {@code engine} ({@code java}, default, or {@code onnxruntime}), {@code batchSize} (default 64),
 * {@code threads} (compute threads per engine call, default 1), {@code backend}
 * ({@code theano}/{@code tensorflow}), {@code dimOrdering} ({@code th}/{@code tf}) and
 * {@code inputShapes} ({@code name=d1,d2;...}, for inputs declared with open sizes); empty strings mean
 * unset. Like every Spark ML stage, an instance is not meant to be mutated while it transforms.
 */
public final class KerasModelTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath;
    private final Param<String> weightsPath;
    private final Param<String> engine;
    private final IntParam batchSize;
    private final IntParam threads;
    private final Param<String> backend;
    private final Param<String> dimOrdering;
    private final Param<String> inputShapes;

    /** A transformer with a random uid. */
    public KerasModelTransformer() {
        this(Identifiable.randomUID("keras1j"));
    }

    /** A transformer with the given uid (used by {@link #copy} and when loading a saved pipeline). */
    public KerasModelTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the Keras 1 model: a full-model HDF5 or an architecture JSON");
        weightsPath = new Param<>(this, "weightsPath", "the weights HDF5 of an architecture JSON, or empty");
        engine = new Param<>(this, "engine", "java or onnxruntime");
        batchSize = new IntParam(this, "batchSize", "rows per engine call (>= 1)");
        threads = new IntParam(this, "threads", "compute threads of one engine call (>= 1)");
        backend = new Param<>(this, "backend", "theano or tensorflow to override the inferred backend, or empty");
        dimOrdering = new Param<>(this, "dimOrdering", "th or tf: the model owner's image_dim_ordering, or empty");
        inputShapes = new Param<>(this, "inputShapes",
                "sample shapes of inputs declared with open sizes: name=d1,d2;name2=..., or empty");
        setDefault(weightsPath, "");
        setDefault(engine, ScoringOptions.JAVA);
        setDefault(batchSize, ScoringOptions.DEFAULT_BATCH_SIZE);
        setDefault(threads, 1);
        setDefault(backend, "");
        setDefault(dimOrdering, "");
        setDefault(inputShapes, "");
    }

    /** This stage's unique id. */
    @Override
    public String uid() {
        return uid;
    }

    /** The {@code modelPath} param. */
    public Param<String> modelPath() {
        return modelPath;
    }

    /** The {@code weightsPath} param. */
    public Param<String> weightsPath() {
        return weightsPath;
    }

    /** The {@code engine} param. */
    public Param<String> engine() {
        return engine;
    }

    /** The {@code batchSize} param. */
    public IntParam batchSize() {
        return batchSize;
    }

    /** The {@code threads} param. */
    public IntParam threads() {
        return threads;
    }

    /** The {@code backend} param. */
    public Param<String> backend() {
        return backend;
    }

    /** The {@code dimOrdering} param. */
    public Param<String> dimOrdering() {
        return dimOrdering;
    }

    /** The {@code inputShapes} param. */
    public Param<String> inputShapes() {
        return inputShapes;
    }

    /** Sets {@code modelPath}; returns this transformer. */
    public KerasModelTransformer setModelPath(String value) {
        set(modelPath, value);
        return this;
    }

    /** Sets {@code weightsPath} (null means unset); returns this transformer. */
    public KerasModelTransformer setWeightsPath(String value) {
        set(weightsPath, value == null ? "" : value);
        return this;
    }

    /** Sets {@code engine}; returns this transformer. */
    public KerasModelTransformer setEngine(String value) {
        set(engine, value);
        return this;
    }

    /** Sets {@code batchSize}; returns this transformer. */
    public KerasModelTransformer setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    /** Sets {@code threads}; returns this transformer. */
    public KerasModelTransformer setThreads(int value) {
        set(threads, value);
        return this;
    }

    /** Sets {@code backend} (null means unset); returns this transformer. */
    public KerasModelTransformer setBackend(String value) {
        set(backend, value == null ? "" : value);
        return this;
    }

    /** Sets {@code dimOrdering} (null means unset); returns this transformer. */
    public KerasModelTransformer setDimOrdering(String value) {
        set(dimOrdering, value == null ? "" : value);
        return this;
    }

    /** Sets {@code inputShapes} (null means unset); returns this transformer. */
    public KerasModelTransformer setInputShapes(String value) {
        set(inputShapes, value == null ? "" : value);
        return this;
    }

    /** Every param set from {@code options}. */
    public KerasModelTransformer setOptions(ScoringOptions options) {
        return setModelPath(options.modelPath()).setWeightsPath(options.weightsPath()).setEngine(options.engine())
                .setBatchSize(options.batchSize()).setThreads(options.threads()).setBackend(options.backend())
                .setDimOrdering(options.dimOrdering())
                .setInputShapes(ScoringOptions.formatInputShapes(options.inputShapes()));
    }

    /**
     * The params as {@link ScoringOptions}.
     *
     * @throws keras1j.errors.InvalidInputException when {@code modelPath} is unset or a value is invalid
     */
    public ScoringOptions options() {
        if (!isDefined(modelPath)) {
            throw new keras1j.errors.InvalidInputException("KerasModelTransformer " + uid + ": modelPath is not set");
        }
        return ScoringOptions.of($(modelPath)).withWeightsPath($(weightsPath)).withEngine($(engine))
                .withBatchSize((Integer) $(batchSize)).withThreads((Integer) $(threads)).withBackend($(backend))
                .withDimOrdering($(dimOrdering)).withInputShapes($(inputShapes));
    }

    /** The scored data: {@link ModelScoring#score} with {@link #options()}. */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        return ModelScoring.score(dataset.toDF(), options());
    }

    /** The input schema with the model's output columns appended (reads the model on first use). */
    @Override
    public StructType transformSchema(StructType schema) {
        return ModelScoring.outputSchema(schema, options());
    }

    /** A copy with the same uid and params, {@code extra} applied. */
    @Override
    public KerasModelTransformer copy(ParamMap extra) {
        return (KerasModelTransformer) defaultCopy(extra);
    }

    /** Reads a transformer saved with {@code write().save(path)} or inside a saved pipeline. */
    public static MLReader<KerasModelTransformer> read() {
        return new DefaultParamsReader<>();
    }

    /** {@code read().load(path)}. */
    public static KerasModelTransformer load(String path) {
        return read().load(path);
    }
}
