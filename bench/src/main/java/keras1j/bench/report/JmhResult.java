package keras1j.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keras1j.bench.EngineKind;

/**
 * One row of a JMH JSON result file ({@code -rf json}) of an {@code EngineBenchmark}: its
 * parameters, its score in milliseconds per call, and the settings it ran with. Immutable.
 *
 * @param benchmark  fully qualified benchmark method, e.g. {@code keras1j.bench.LargeModelBenchmark.predict}
 * @param model      {@code model} parameter
 * @param batch      {@code batch} parameter
 * @param threads    {@code threads} parameter
 * @param engine     {@code engine} parameter
 * @param ms         score in ms per call
 * @param errorMs    JMH's 99.9% confidence half-width in ms, NaN if it has none (fewer than 2 iterations)
 * @param settings   how it was measured
 */
public record JmhResult(String benchmark, String model, int batch, int threads, EngineKind engine, double ms,
        double errorMs, RunSettings settings) {

    /**
     * JMH settings of one result.
     *
     * @param jmhVersion            JMH version
     * @param mode                  JMH mode ({@code avgt}, {@code ss}, ...)
     * @param forks                 forks
     * @param warmupIterations      warm-up iterations
     * @param warmupTime            warm-up iteration time (as JMH prints it)
     * @param measurementIterations measured iterations
     * @param measurementTime       measured iteration time
     * @param jvmArgs               arguments of the benchmark JVM
     * @param jdkVersion            JDK version of the benchmark JVM
     * @param vm                    VM name and version
     */
    public record RunSettings(String jmhVersion, String mode, int forks, int warmupIterations, String warmupTime,
            int measurementIterations, String measurementTime, List<String> jvmArgs, String jdkVersion, String vm) {
        public RunSettings {
            jvmArgs = List.copyOf(jvmArgs);
        }
    }

    /** The simple class name of the benchmark, e.g. {@code LargeModelBenchmark}. */
    public String benchmarkClass() {
        String cls = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /**
     * Reads a JMH JSON result file.
     *
     * @throws IOException if it cannot be read
     * @throws IllegalArgumentException if a result lacks the benchmark's parameters or has an unknown unit
     */
    public static List<JmhResult> read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(json + ": not a JMH JSON result file (expected an array)");
        }
        List<JmhResult> out = new ArrayList<>();
        for (JsonNode r : root) {
            out.add(parse(json, r));
        }
        return out;
    }

    private static JmhResult parse(Path file, JsonNode r) {
        String benchmark = r.path("benchmark").asText();
        JsonNode params = r.path("params");
        for (String p : List.of("model", "batch", "threads", "engine")) {
            if (!params.hasNonNull(p)) {
                throw new IllegalArgumentException(file + ": result of " + benchmark + " has no parameter '" + p + "'");
            }
        }
        JsonNode metric = r.path("primaryMetric");
        double toMs = msPer(file, metric.path("scoreUnit").asText());
        List<String> jvmArgs = new ArrayList<>();
        r.path("jvmArgs").forEach(a -> jvmArgs.add(a.asText()));
        RunSettings settings = new RunSettings(r.path("jmhVersion").asText(), r.path("mode").asText(),
                r.path("forks").asInt(), r.path("warmupIterations").asInt(), r.path("warmupTime").asText(),
                r.path("measurementIterations").asInt(), r.path("measurementTime").asText(), jvmArgs,
                r.path("jdkVersion").asText(), r.path("vmName").asText() + " " + r.path("vmVersion").asText());
        return new JmhResult(benchmark, params.get("model").asText(), params.get("batch").asInt(),
                params.get("threads").asInt(), EngineKind.of(params.get("engine").asText()),
                number(metric.path("score")) * toMs, number(metric.path("scoreError")) * toMs, settings);
    }

    /** JMH writes NaN as the string "NaN". */
    private static double number(JsonNode n) {
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            return Double.parseDouble(n.asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double msPer(Path file, String unit) {
        switch (unit.toLowerCase(Locale.ROOT)) {
            case "s/op":
                return 1e3;
            case "ms/op":
                return 1;
            case "us/op":
                return 1e-3;
            case "ns/op":
                return 1e-6;
            default:
                throw new IllegalArgumentException(file + ": unsupported score unit '" + unit
                        + "' (run the benchmarks in a time-per-call mode: avgt or ss)");
        }
    }
}
