package keras1j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.errors.InvalidInputException;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Comparison;
import keras1j.verify.FixtureCase;

/**
 * The transformer and the scoring function on real Spark: multi-input/multi-output models in a
 * Pipeline, pass-through columns, input types, engines, where the model comes from, how often it is
 * read, and the error cases of the data layout.
 */
class ModelScoringTest {
    private static SparkSession spark;
    private static final FixtureCase TWO_IN_TWO_OUT = FixtureCases.get("keras1", "two_inputs_two_outputs");
    private static final FixtureCase MNIST = FixtureCases.get("keras1", "mnist_cnn_th");
    private static final FixtureCase TEXT = FixtureCases.get("keras1", "text_cnn_embedding_globalmax");

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("ModelScoringTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        ModelCache.clear();
    }

    @BeforeEach
    void forget() {
        ModelCache.clear();
    }

    /** The case's reference inputs, each sample repeated {@code copies} times (row r is sample r % n). */
    private static Map<String, Tensor> inputs(FixtureCase c, int copies) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : Hdf5Tensors.readGroup(c.io(), "inputs").entrySet()) {
            in.put(e.getKey(), repeat(e.getValue(), copies));
        }
        return in;
    }

    private static Tensor repeat(Tensor t, int copies) {
        float[] data = new float[t.size() * copies];
        for (int k = 0; k < copies; k++) {
            System.arraycopy(t.data(), 0, data, k * t.size(), t.size());
        }
        int[] shape = t.shape().clone();
        shape[0] *= copies;
        return Tensor.of(data, shape);
    }

    private static void assertMatchesReference(FixtureCase c, Map<String, Tensor> actual, int copies) {
        Map<String, Tensor> expected = Hdf5Tensors.readGroup(c.io(), "outputs");
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Comparison r = Comparison.of(e.getKey(), actual.get(e.getKey()), repeat(e.getValue(), copies), c.rtol(),
                    c.atol());
            assertTrue(r.passed(), r.describe());
        }
    }

    private static ScoringOptions options(FixtureCase c) {
        return TestData.options(c, Map.of());
    }

    @Test
    void multiInputMultiOutputModelInAPipelineKeepsOtherColumns() throws Exception {
        int copies = 5;
        Dataset<Row> data = TestData.frame(spark, inputs(TWO_IN_TWO_OUT, copies), 3)
                .withColumn("note", functions.concat(functions.lit("row-"), functions.col("id").cast("string")))
                .select("note", "sequence", "id", "image"); // other order than the model's inputs
        KerasModelTransformer scorer = new KerasModelTransformer().setOptions(options(TWO_IN_TWO_OUT)).setBatchSize(3);
        PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {scorer}).fit(data);

        Dataset<Row> scored = pipeline.transform(data);
        StructType schema = scored.schema();
        assertEquals(List.of("note", "sequence", "id", "image", "class_out", "mask_out"),
                Arrays.asList(schema.fieldNames()));
        assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), schema.apply("class_out").dataType());
        assertEquals(schema, scorer.transformSchema(data.schema()));

        List<Row> rows = scored.collectAsList();
        assertEquals(10, rows.size());
        for (Row r : rows) {
            assertEquals("row-" + r.getInt(2), r.getString(0));
            assertEquals(3, r.getList(4).size());
            assertEquals(36, r.getList(5).size());
        }
        ModelLayout layout = ModelScoring.layout(options(TWO_IN_TWO_OUT));
        assertEquals(List.of("image", "sequence"), layout.inputs().stream().map(ModelLayout.Port::name).toList());
        assertMatchesReference(TWO_IN_TWO_OUT, TestData.outputs(rows, layout), copies);

        // saved and loaded with the pipeline
        String saved = tmp.resolve("pipeline").toString();
        pipeline.write().overwrite().save(saved);
        PipelineModel loaded = PipelineModel.load(saved);
        KerasModelTransformer stage = (KerasModelTransformer) loaded.stages()[0];
        assertEquals(scorer.options(), stage.options());
        assertEquals(TestData.outputs(rows, layout).get("mask_out").toString(),
                TestData.outputs(loaded.transform(data).collectAsList(), layout).get("mask_out").toString());
    }

    @Test
    void modelIsReadOnceAndOneEngineServesEveryTask() {
        Dataset<Row> data = TestData.frame(spark, inputs(MNIST, 8), 4);
        ScoringOptions o = options(MNIST).withBatchSize(3);
        Map<String, Tensor> first = TestData.outputs(ModelScoring.score(data, o).collectAsList(),
                ModelScoring.layout(o));
        Map<String, Tensor> second = TestData.outputs(ModelScoring.score(data, o.withBatchSize(5)).collectAsList(),
                ModelScoring.layout(o));
        assertEquals(1, ModelCache.modelLoads(), "model reads in this JVM (driver and local executor)");
        assertEquals(1, ModelCache.engineOpens(), "engines opened for 2 jobs x 4 partitions");
        assertMatchesReference(MNIST, first, 8);
        assertMatchesReference(MNIST, second, 8);
    }

    @Test
    void doubleAndIntegerArraysScoreLikeFloatArrays() {
        Dataset<Row> floats = TestData.frame(spark, inputs(MNIST, 2), 2);
        String in = MNIST_INPUT;
        Dataset<Row> doubles = floats.withColumn(in, functions.col(in).cast("array<double>"));
        assertEquals(DataTypes.DoubleType,
                ((org.apache.spark.sql.types.ArrayType) doubles.schema().apply(in).dataType()).elementType());
        ModelLayout layout = ModelScoring.layout(options(MNIST));
        float[] a = TestData.outputs(ModelScoring.score(floats, options(MNIST)).collectAsList(), layout)
                .get("activation_4").data();
        float[] b = TestData.outputs(ModelScoring.score(doubles, options(MNIST)).collectAsList(), layout)
                .get("activation_4").data();
        assertArrayEquals(a, b);

        // Embedding ids as integers
        Dataset<Row> textFloats = TestData.frame(spark, inputs(TEXT, 2), 2);
        Dataset<Row> textInts = textFloats.withColumn("embedding_input_1",
                functions.col("embedding_input_1").cast("array<int>"));
        ModelLayout textLayout = ModelScoring.layout(options(TEXT));
        Map<String, Tensor> fromInts = TestData.outputs(ModelScoring.score(textInts, options(TEXT)).collectAsList(),
                textLayout);
        assertArrayEquals(TestData.outputs(ModelScoring.score(textFloats, options(TEXT)).collectAsList(), textLayout)
                .get("activation_2").data(), fromInts.get("activation_2").data());
        assertMatchesReference(TEXT, fromInts, 2);
    }

    private static final String MNIST_INPUT = "convolution2d_input_1";

    @Test
    void onnxRuntimeEngineOnRequest() {
        ScoringOptions o = options(TWO_IN_TWO_OUT).withEngine("onnxruntime").withBatchSize(4);
        List<Row> rows = ModelScoring.score(TestData.frame(spark, inputs(TWO_IN_TWO_OUT, 3), 2), o).collectAsList();
        assertMatchesReference(TWO_IN_TWO_OUT, TestData.outputs(rows, ModelScoring.layout(o)), 3);
    }

    @Test
    void modelShippedWithTheJobIsFoundByName() throws Exception {
        Path copy = tmp.resolve("k1j-shipped-mnist-th.h5");
        Files.copy(MNIST.model(), copy);
        spark.sparkContext().addFile(copy.toString());
        Files.delete(copy); // only the shipped copy remains
        ScoringOptions o = ScoringOptions.of("k1j-shipped-mnist-th.h5").withDimOrdering("th");
        List<Row> rows = ModelScoring.score(TestData.frame(spark, inputs(MNIST, 1), 2), o).collectAsList();
        assertMatchesReference(MNIST, TestData.outputs(rows, ModelScoring.layout(o)), 1);

        // a file: URI goes through Hadoop's path handling
        ScoringOptions uri = options(MNIST).withBatchSize(1);
        uri = ScoringOptions.of(MNIST.model().toAbsolutePath().toUri().toString()).withDimOrdering("th");
        rows = ModelScoring.score(TestData.frame(spark, inputs(MNIST, 1), 1), uri).collectAsList();
        assertMatchesReference(MNIST, TestData.outputs(rows, ModelScoring.layout(uri)), 1);
    }

    @Test
    void modelOnAnotherHadoopFileSystemIsCopiedOncePerJvm() {
        spark.sparkContext().hadoopConfiguration().set("fs." + OtherSchemeFileSystem.SCHEME + ".impl",
                OtherSchemeFileSystem.class.getName());
        spark.sparkContext().hadoopConfiguration().setBoolean("fs." + OtherSchemeFileSystem.SCHEME
                + ".impl.disable.cache", true);
        try {
            String remote = OtherSchemeFileSystem.SCHEME + "://" + TWO_IN_TWO_OUT.json().orElseThrow().toAbsolutePath();
            String weights = OtherSchemeFileSystem.SCHEME + "://"
                    + TWO_IN_TWO_OUT.weights().orElseThrow().toAbsolutePath();
            ScoringOptions o = ScoringOptions.of(remote).withWeightsPath(weights).withDimOrdering("th");
            List<Row> rows = ModelScoring.score(TestData.frame(spark, inputs(TWO_IN_TWO_OUT, 2), 2), o)
                    .collectAsList();
            assertMatchesReference(TWO_IN_TWO_OUT, TestData.outputs(rows, ModelScoring.layout(o)), 2);
            assertEquals(1, ModelCache.modelLoads());

            ScoringOptions absent = ScoringOptions.of(OtherSchemeFileSystem.SCHEME + "://" + tmp.resolve("none.h5"));
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> ModelScoring.score(TestData.frame(spark, inputs(MNIST, 1), 1), absent));
            assertEquals("model file not found: " + absent.modelPath(), e.getMessage());
        } finally {
            spark.sparkContext().hadoopConfiguration().unset("fs." + OtherSchemeFileSystem.SCHEME + ".impl");
        }
    }

    @Test
    void missingColumnNamesItTheModelInputAndTheLength() {
        Dataset<Row> data = TestData.frame(spark, inputs(TWO_IN_TWO_OUT, 1), 1).drop("sequence");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelScoring.score(data, options(TWO_IN_TWO_OUT)));
        assertTrue(e.getMessage().contains("no column 'sequence' for model input 'sequence'"), e.getMessage());
        assertTrue(e.getMessage().contains("21 values per row"), e.getMessage());
        KerasModelTransformer t = new KerasModelTransformer().setOptions(options(TWO_IN_TWO_OUT));
        assertThrows(InvalidInputException.class, () -> t.transformSchema(data.schema()));
    }

    @Test
    void wrongColumnTypeNamesTheColumnAndTheExpectedType() {
        Dataset<Row> strings = TestData.frame(spark, inputs(MNIST, 1), 1)
                .withColumn(MNIST_INPUT, functions.col(MNIST_INPUT).cast("array<string>"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelScoring.score(strings, options(MNIST)));
        assertEquals("column 'convolution2d_input_1' is array<string>, model input 'convolution2d_input_1' needs"
                + " array<float> or array<double> (integer arrays for ids) of 144 values per row (sample shape"
                + " [1, 12, 12])", e.getMessage());

        Dataset<Row> scalar = TestData.frame(spark, inputs(MNIST, 1), 1).withColumn(MNIST_INPUT, functions.lit(1.0));
        e = assertThrows(InvalidInputException.class, () -> ModelScoring.score(scalar, options(MNIST)));
        assertTrue(e.getMessage().startsWith("column 'convolution2d_input_1' is double, model input"), e.getMessage());
    }

    @Test
    void wrongLengthFailsTheJobNamingColumnLengthAndModelInput() {
        Dataset<Row> data = TestData.frame(spark, inputs(MNIST, 2), 2)
                .withColumn(MNIST_INPUT, functions.slice(functions.col(MNIST_INPUT), 1, 100));
        Exception e = assertThrows(Exception.class, () -> ModelScoring.score(data, options(MNIST)).collectAsList());
        assertTrue(messages(e).contains("column 'convolution2d_input_1' holds 100 values in a row, model input"
                + " 'convolution2d_input_1' expects 144 (sample shape [1, 12, 12], flattened in Keras order)"),
                messages(e));

        Dataset<Row> nulls = TestData.frame(spark, inputs(MNIST, 1), 1)
                .withColumn(MNIST_INPUT, functions.lit(null).cast("array<float>"));
        e = assertThrows(Exception.class, () -> ModelScoring.score(nulls, options(MNIST)).collectAsList());
        assertTrue(messages(e).contains("column 'convolution2d_input_1' is null in a row; model input"
                + " 'convolution2d_input_1' expects 144 values"), messages(e));
    }

    @Test
    void badSettingsAreClearErrors() {
        Dataset<Row> data = TestData.frame(spark, inputs(MNIST, 1), 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ModelScoring.score(data.withColumn("activation_4", functions.lit(0)), options(MNIST)));
        assertTrue(e.getMessage().contains("column 'activation_4' already exists"), e.getMessage());

        e = assertThrows(InvalidInputException.class, () -> options(MNIST).withEngine("tensorrt"));
        assertEquals("unknown engine 'tensorrt', expected java or onnxruntime", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> options(MNIST).withBatchSize(0));
        assertEquals("batch size must be >= 1, got 0", e.getMessage());

        e = assertThrows(InvalidInputException.class,
                () -> ModelScoring.score(data, ScoringOptions.of(tmp.resolve("absent.h5").toString())));
        assertTrue(e.getMessage().startsWith("model file not found: " + tmp.resolve("absent.h5")), e.getMessage());

        e = assertThrows(InvalidInputException.class, () -> new KerasModelTransformer().transform(data));
        assertTrue(e.getMessage().endsWith("modelPath is not set"), e.getMessage());
    }

    private static String messages(Throwable e) {
        List<String> all = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.add(String.valueOf(t.getMessage()));
        }
        return String.join(" | ", all);
    }
}
