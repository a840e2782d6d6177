package keras1j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Comparison;
import keras1j.verify.FixtureCase;

/** The scoring job end to end in a local Spark: JSON lines and Parquet in and out, and its usage errors. */
class ScoreJobTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FixtureCase TWO_IN_TWO_OUT = FixtureCases.get("keras1", "two_inputs_two_outputs");
    private static final FixtureCase TEXT = FixtureCases.get("keras1", "text_cnn_embedding_globalmax");
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.start("ScoreJobTest");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        ModelCache.clear();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            ScoreJob.JobArgs parsed;
            try {
                parsed = ScoreJob.parse(args);
            } catch (RuntimeException ex) {
                return new Result(2, "", ex.getMessage());
            }
            code = ScoreJob.execute(spark, parsed, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The case's reference inputs as JSON lines: {"id": r, "tag": "r<r>", "<input>": [...], ...}. */
    private static List<String> jsonLines(FixtureCase c, boolean integers) {
        Map<String, Tensor> inputs = Hdf5Tensors.readGroup(c.io(), "inputs");
        int n = inputs.values().iterator().next().dim(0);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            ObjectNode row = JSON.createObjectNode().put("id", r).put("tag", "r" + r);
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                ArrayNode values = row.putArray(e.getKey());
                int size = e.getValue().size() / n;
                for (int i = 0; i < size; i++) {
                    float v = e.getValue().data()[r * size + i];
                    if (integers) {
                        values.add((int) v);
                    } else {
                        values.add(v);
                    }
                }
            }
            lines.add(row.toString());
        }
        return lines;
    }

    private static void assertOutputs(FixtureCase c, Map<Integer, Map<String, float[]>> byId) {
        Map<String, Tensor> expected = Hdf5Tensors.readGroup(c.io(), "outputs");
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            int n = e.getValue().dim(0);
            int size = e.getValue().size() / n;
            float[] actual = new float[n * size];
            for (int r = 0; r < n; r++) {
                System.arraycopy(byId.get(r).get(e.getKey()), 0, actual, r * size, size);
            }
            Comparison cmp = Comparison.of(e.getKey(), Tensor.of(actual, e.getValue().shape()), e.getValue(), c.rtol(),
                    c.atol());
            assertTrue(cmp.passed(), cmp.describe());
        }
    }

    private static Map<Integer, Map<String, float[]>> readJsonOutputs(Path file, List<String> outputs)
            throws Exception {
        Map<Integer, Map<String, float[]>> byId = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode row = JSON.readTree(line);
            assertEquals("r" + row.get("id").asInt(), row.get("tag").asText(), "pass-through column");
            Map<String, float[]> values = new LinkedHashMap<>();
            for (String o : outputs) {
                JsonNode a = row.get(o);
                float[] f = new float[a.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) a.get(i).asDouble();
                }
                values.put(o, f);
            }
            byId.put(row.get("id").asInt(), values);
        }
        return byId;
    }

    @Test
    void jsonLinesInAndOutWithTwoInputsAndTwoOutputs() throws Exception {
        Path in = tmp.resolve("in.jsonl");
        Files.write(in, jsonLines(TWO_IN_TWO_OUT, false));
        Path out = tmp.resolve("out.jsonl");
        Result r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", in.toString(), "--output",
                out.toString(), "--batch-size", "1", "--dim-ordering", "th");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(out), "one JSON lines file");
        assertEquals(2, Files.readAllLines(out).size());
        assertOutputs(TWO_IN_TWO_OUT, readJsonOutputs(out, List.of("class_out", "mask_out")));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("in.jsonl", "out.jsonl"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary folder left");
        }

        // an existing output is kept unless --overwrite
        r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(out + " exists (pass --overwrite to replace it)"), r.err());
        r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", in.toString(), "--output", out.toString(),
                "--overwrite", "--engine", "onnxruntime");
        assertEquals(0, r.code(), r.err());
        assertOutputs(TWO_IN_TWO_OUT, readJsonOutputs(out, List.of("class_out", "mask_out")));
    }

    @Test
    void jsonIntegerIdsForAnEmbeddingModelAndArchitecturePlusWeights() throws Exception {
        Path in = tmp.resolve("ids.json");
        Files.write(in, jsonLines(TEXT, true)); // inferred as array<bigint>
        Path out = tmp.resolve("scores.json");
        Result r = run("score", TEXT.json().orElseThrow().toString(), "--weights",
                TEXT.weights().orElseThrow().toString(), "--input", in.toString(), "--output", out.toString());
        assertEquals(0, r.code(), r.err());
        assertOutputs(TEXT, readJsonOutputs(out, List.of("activation_2")));
    }

    @Test
    void parquetFolderAndFileInParquetFolderOut() throws Exception {
        Path json = tmp.resolve("in.jsonl");
        Files.write(json, jsonLines(TWO_IN_TWO_OUT, false));
        Path folder = tmp.resolve("in.parquet");
        spark.read().json(json.toString()).repartition(2).write().parquet(folder.toString());

        Path out = tmp.resolve("out.parquet");
        Result r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", folder.toString(), "--output",
                out.toString(), "--partitions", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote " + out), r.out());
        assertOutputs(TWO_IN_TWO_OUT, readParquetOutputs(out, List.of("class_out", "mask_out")));

        Path single = tmp.resolve("single.parquet");
        try (Stream<Path> parts = Files.list(folder)) {
            Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-")
                    && Files.isRegularFile(p)).findFirst().orElseThrow();
            Files.copy(part, single);
        }
        Path out2 = tmp.resolve("out2");
        r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", single.toString(), "--output", out2.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(spark.read().parquet(out2.toString()).count() >= 1);
    }

    private static Map<Integer, Map<String, float[]>> readParquetOutputs(Path out, List<String> outputs) {
        Map<Integer, Map<String, float[]>> byId = new LinkedHashMap<>();
        for (Row row : spark.read().parquet(out.toString()).collectAsList()) {
            int id = (int) row.getLong(row.fieldIndex("id"));
            assertEquals("r" + id, row.getString(row.fieldIndex("tag")));
            Map<String, float[]> values = new LinkedHashMap<>();
            for (String o : outputs) {
                List<Object> a = row.getList(row.fieldIndex(o));
                float[] f = new float[a.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (Float) a.get(i);
                }
                values.put(o, f);
            }
            byId.put(id, values);
        }
        return byId;
    }

    @Test
    void usageAndDataErrorsExitWithTwo() throws Exception {
        Result r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", "x.json");
        assertEquals(2, r.code());
        assertEquals("--output is required", r.err());

        Path in = tmp.resolve("renamed.jsonl");
        Files.write(in, jsonLines(TWO_IN_TWO_OUT, false).stream().map(l -> l.replace("\"image\"", "\"picture\""))
                .toList());
        r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", in.toString(), "--output",
                tmp.resolve("o.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("keras1j-spark: no column 'image' for model input 'image': expected"
                + " array<float> or array<double> (integer arrays for ids) of 72 values per row"), r.err());

        r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", tmp.resolve("absent.json").toString(),
                "--output", tmp.resolve("o.json").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("input not found"), r.err());

        r = run("score", TWO_IN_TWO_OUT.model().toString(), "--input", in.toString(), "--output",
                tmp.resolve("o.json").toString(), "--batch-size", "many");
        assertEquals(2, r.code());
        assertEquals("--batch-size needs a whole number, got 'many'", r.err());
    }
}
