package keras1j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import keras1j.bench.EngineKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchmarksReportTest {
    @TempDir
    Path dir;

    /** One JMH JSON result as JMH 1.37 writes it (trimmed of percentiles and raw data). */
    private static String result(String engine, String score, String error, String unit) {
        return "{\"jmhVersion\": \"1.37\", \"benchmark\": \"keras1j.bench.FixtureCnnBenchmark.predict\","
                + " \"mode\": \"avgt\", \"threads\": 1, \"forks\": 1, \"jvm\": \"/usr/bin/java\","
                + " \"jvmArgs\": [\"-Xmx6g\"], \"jdkVersion\": \"17.0.15\", \"vmName\": \"OpenJDK 64-Bit Server VM\","
                + " \"vmVersion\": \"17.0.15+6\", \"warmupIterations\": 2, \"warmupTime\": \"1 s\","
                + " \"warmupBatchSize\": 1, \"measurementIterations\": 3, \"measurementTime\": \"1 s\","
                + " \"measurementBatchSize\": 1, \"params\": {\"batch\": \"1\", \"engine\": \"" + engine + "\","
                + " \"model\": \"mnist_cnn_tf\", \"threads\": \"2\"}, \"primaryMetric\": {\"score\": " + score
                + ", \"scoreError\": " + error + ", \"scoreUnit\": \"" + unit + "\"}, \"secondaryMetrics\": {}}";
    }

    private List<JmhResult> read(String... results) throws IOException {
        Path json = dir.resolve("result.json");
        Files.writeString(json, "[" + String.join(",", results) + "]");
        return JmhResult.read(json);
    }

    @Test
    void readsParametersScoreAndSettingsConvertingToMilliseconds() throws IOException {
        JmhResult r = read(result("onnxruntime", "25.0", "\"NaN\"", "us/op")).get(0);
        assertEquals("FixtureCnnBenchmark", r.benchmarkClass());
        assertEquals("mnist_cnn_tf", r.model());
        assertEquals(1, r.batch());
        assertEquals(2, r.threads());
        assertEquals(EngineKind.ONNX_RUNTIME, r.engine());
        assertEquals(0.025, r.ms(), 1e-12);
        assertTrue(Double.isNaN(r.errorMs()));
        assertEquals(3, r.settings().measurementIterations());
        assertEquals(List.of("-Xmx6g"), r.settings().jvmArgs());
    }

    @Test
    void rendersBothEnginesOnOneRowWithRatioAndRates() throws IOException {
        List<JmhResult> results = read(result("java", "0.08", "0.004", "ms/op"),
                result("onnxruntime", "0.02", "\"NaN\"", "ms/op"));
        Machine machine = new Machine("Test CPU", 2, Optional.of("8.0 GiB"), "Linux 6 amd64");
        String md = BenchmarksReport.render(results, BenchmarksReport.workloads(results),
                new BenchmarksReport.Provenance("result.json", "2025-01-01 00:00 UTC", machine, "1.26.0", "`plain-java`", false));
        // mnist_cnn_tf: 2 x 13,920 multiply-accumulates per sample (3,600 + 9,216 + 1,024 + 80)
        assertTrue(md.contains("| mnist_cnn_tf | 1 | 2 | 0.0000278 | 0.0800 ± 0.00400 | 0.0200 | 4.00 | 0.348 | 1.39 |"),
                md);
        assertTrue(md.contains("- CPU: Test CPU, 2 logical processors"), md);
        assertTrue(md.contains("| FixtureCnnBenchmark | mnist_cnn_tf | average time (`avgt`) | 2 x 1 s | 3 x 1 s | 1 |"
                + " `-Xmx6g` |"), md);
        assertTrue(md.contains("- Java engine SGEMM: `plain-java`"), md);
        assertTrue(!md.contains("Quick smoke run"), md);
    }

    @Test
    void marksAMissingEngineAndReportsDuplicateResults() throws IOException {
        String fromOtherClass = result("java", "0.09", "\"NaN\"", "ms/op")
                .replace("FixtureCnnBenchmark", "MidsizeModelBenchmark");
        List<JmhResult> results = read(result("java", "0.08", "\"NaN\"", "ms/op"), fromOtherClass);
        Machine machine = new Machine("Test CPU", 2, Optional.empty(), "Linux");
        String md = BenchmarksReport.render(results, BenchmarksReport.workloads(results),
                new BenchmarksReport.Provenance("result.json", "2025-01-01 00:00 UTC", machine, "1.26.0", "`plain-java`", true));
        assertTrue(md.contains("| mnist_cnn_tf | 1 | 2 | 0.0000278 | 0.0800 | - | - | 0.348 | - |"), md);
        assertTrue(md.contains("`-`: no result for that engine"), md);
        assertTrue(md.contains("- mnist_cnn_tf, batch 1, 2 threads, Java: FixtureCnnBenchmark (shown) and"
                + " MidsizeModelBenchmark"), md);
        assertTrue(md.contains("Quick smoke run"), md);
    }

    @ParameterizedTest
    @CsvSource({"1234.5678, 1235", "12.3456, 12.3", "0.000123456, 0.000123", "100.0, 100", "0.5, 0.500"})
    void timesKeepThreeSignificantDigits(double ms, String expected) {
        assertEquals(expected, BenchmarksReport.milliseconds(ms));
    }

    @Test
    void keepsTheHandMeasuredImportSectionOfTheExistingReport(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("BENCHMARKS.md");
        Files.writeString(out, "# Benchmarks\n\n## Results\nold table\n\n## Import and memory\n\nheap table\n");
        assertEquals("\n## Import and memory\n\nheap table\n",
                BenchmarksReport.keptSection(out, BenchmarksReport.IMPORT_SECTION));
    }

    @Test
    void keepsNothingWithoutTheSectionOrTheFile(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("BENCHMARKS.md");
        assertEquals("", BenchmarksReport.keptSection(out, BenchmarksReport.IMPORT_SECTION));
        Files.writeString(out, "# Benchmarks\n\n## Results\n");
        assertEquals("", BenchmarksReport.keptSection(out, BenchmarksReport.IMPORT_SECTION));
    }
}
