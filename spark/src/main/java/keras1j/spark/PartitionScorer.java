package keras1j.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.spark.ModelLayout.Port;

/**
 * Scores one partition: rows are gathered into batches of {@link ScoringOptions#batchSize()}, each
 * batch is one call of the JVM's shared engine, and every row comes back with its columns unchanged
 * and one {@code float[]} per model output appended. Rows are pulled lazily, one batch at a time, so
 * a partition never sits in memory whole. Serializable (shipped to executors); the function holds no
 * mutable state, each call's iterator is confined to its task.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ScoringOptions options;
    private final ModelLayout layout;
    private final int[] inputColumns;
    private final int width;
    private final HadoopConf conf;

    PartitionScorer(ScoringOptions options, ModelLayout layout, int[] inputColumns, int width, HadoopConf conf) {
        this.options = options;
        this.layout = layout;
        this.inputColumns = inputColumns.clone();
        this.width = width;
        this.conf = conf;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return rows;
        }
        Engine engine = ModelCache.engine(options, conf.get());
        return new Iterator<>() {
            private List<Row> batch = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < batch.size()) {
                    return true;
                }
                if (!rows.hasNext()) {
                    return false;
                }
                batch = score(engine, rows);
                next = 0;
                return true;
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.get(next++);
            }
        };
    }

    /** Pulls up to one batch of rows and scores them in one engine call. */
    private List<Row> score(Engine engine, Iterator<Row> rows) {
        List<Row> in = new ArrayList<>(options.batchSize());
        while (in.size() < options.batchSize() && rows.hasNext()) {
            in.add(rows.next());
        }
        int n = in.size();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int p = 0; p < layout.inputs().size(); p++) {
            Port port = layout.inputs().get(p);
            int size = port.size();
            float[] data = new float[n * size];
            for (int r = 0; r < n; r++) {
                Columns.copy(in.get(r).get(inputColumns[p]), port, data, r * size);
            }
            int[] dims = port.dims();
            int[] shape = new int[dims.length + 1];
            shape[0] = n;
            System.arraycopy(dims, 0, shape, 1, dims.length);
            feeds.put(port.name(), Tensor.of(data, shape));
        }
        Map<String, Tensor> results = engine.predict(feeds);
        List<Port> outs = layout.outputs();
        float[][] outData = new float[outs.size()][];
        for (int o = 0; o < outs.size(); o++) {
            outData[o] = results.get(outs.get(o).name()).data();
        }
        List<Row> scored = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            Row row = in.get(r);
            Object[] values = new Object[width + outs.size()];
            for (int c = 0; c < width; c++) {
                values[c] = row.get(c);
            }
            for (int o = 0; o < outs.size(); o++) {
                int size = outs.get(o).size();
                values[width + o] = Arrays.copyOfRange(outData[o], r * size, (r + 1) * size);
            }
            scored.add(RowFactory.create(values));
        }
        return scored;
    }
}
