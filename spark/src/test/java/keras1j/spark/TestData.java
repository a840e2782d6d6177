package keras1j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import keras1j.keras.ImportOptions;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.FixtureCase;

/** Tensors to rows (an {@code id} column, then one {@code array<float>} per input) and back. */
final class TestData {
    private TestData() {
    }

    /** A data frame of {@code inputs} (batch first), one row per sample, over {@code partitions} partitions. */
    static Dataset<Row> frame(SparkSession spark, Map<String, Tensor> inputs, int partitions) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("id", DataTypes.IntegerType, false));
        for (String name : inputs.keySet()) {
            fields.add(DataTypes.createStructField(name, DataTypes.createArrayType(DataTypes.FloatType, false), false));
        }
        int n = inputs.values().iterator().next().dim(0);
        List<Row> rows = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            Object[] values = new Object[inputs.size() + 1];
            values[0] = r;
            int c = 1;
            for (Tensor t : inputs.values()) {
                int size = t.size() / n;
                values[c++] = Arrays.copyOfRange(t.data(), r * size, (r + 1) * size);
            }
            rows.add(RowFactory.create(values));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), DataTypes.createStructType(fields));
    }

    /**
     * Single-JVM {@code predict} over the row batches that scoring forms for data made by {@link #frame}:
     * {@code partitions} contiguous slices (as Spark slices a local collection), each cut into batches
     * of {@code batch} rows; the outputs concatenated in row order.
     */
    static Map<String, Tensor> predictInSparkBatches(Engine engine, Map<String, Tensor> inputs, int partitions,
            int batch) {
        int n = inputs.values().iterator().next().dim(0);
        Map<String, List<float[]>> parts = new LinkedHashMap<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            int start = (int) ((long) p * n / partitions);
            int end = (int) ((long) (p + 1) * n / partitions);
            for (int b = start; b < end; b += batch) {
                Map<String, Tensor> feeds = new LinkedHashMap<>();
                for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                    feeds.put(e.getKey(), rows(e.getValue(), b, Math.min(end, b + batch)));
                }
                for (Map.Entry<String, Tensor> e : engine.predict(feeds).entrySet()) {
                    parts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue().data());
                    shapes.put(e.getKey(), e.getValue().shape());
                }
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<float[]>> e : parts.entrySet()) {
            int total = e.getValue().stream().mapToInt(a -> a.length).sum();
            float[] data = new float[total];
            int at = 0;
            for (float[] a : e.getValue()) {
                System.arraycopy(a, 0, data, at, a.length);
                at += a.length;
            }
            int[] shape = shapes.get(e.getKey()).clone();
            shape[0] = n;
            out.put(e.getKey(), Tensor.of(data, shape));
        }
        return out;
    }

    /** Rows {@code [from, to)} of a batch-first tensor. */
    static Tensor rows(Tensor t, int from, int to) {
        int size = t.size() / t.dim(0);
        int[] shape = t.shape().clone();
        shape[0] = to - from;
        return Tensor.of(Arrays.copyOfRange(t.data(), from * size, to * size), shape);
    }

    /** The output columns of scored rows (sorted by {@code id}) as tensors, batch first. */
    static Map<String, Tensor> outputs(List<Row> scored, ModelLayout layout) {
        List<Row> rows = new ArrayList<>(scored);
        rows.sort(Comparator.comparingInt(r -> r.getInt(r.fieldIndex("id"))));
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ModelLayout.Port p : layout.outputs()) {
            float[] data = new float[rows.size() * p.size()];
            for (int r = 0; r < rows.size(); r++) {
                List<Object> values = rows.get(r).getList(rows.get(r).fieldIndex(p.name()));
                for (int i = 0; i < p.size(); i++) {
                    data[r * p.size() + i] = (Float) values.get(i);
                }
            }
            int[] shape = new int[p.sampleShape().size() + 1];
            shape[0] = rows.size();
            for (int i = 0; i < p.sampleShape().size(); i++) {
                shape[i + 1] = p.sampleShape().get(i);
            }
            out.put(p.name(), Tensor.of(data, shape));
        }
        return out;
    }

    /** The scoring options a user of the fixture case would pass, with the sample shapes of its data. */
    static ScoringOptions options(FixtureCase c, Map<String, Tensor> inputs) {
        ImportOptions hint = c.importOptions();
        ScoringOptions o = ScoringOptions.of(c.model().toAbsolutePath().toString())
                .withWeightsPath(c.weightsForModel().map(p -> p.toAbsolutePath().toString()).orElse(null))
                .withBackend(hint.backend().map(b -> b.keras()).orElse(null))
                .withDimOrdering(hint.dimOrdering().map(d -> d.keras()).orElse(null));
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            int[] shape = e.getValue().shape();
            o = o.withInputShape(e.getKey(), Arrays.copyOfRange(shape, 1, shape.length));
        }
        return o;
    }
}
