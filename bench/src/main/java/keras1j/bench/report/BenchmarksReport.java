package keras1j.bench.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import ai.onnxruntime.OrtEnvironment;
import keras1j.bench.BenchModel;
import keras1j.bench.BenchModels;
import keras1j.bench.EngineKind;
import keras1j.bench.Flops;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.kernel.Kernels;

/**
 * Writes {@code BENCHMARKS.md} from a JMH JSON result file of the {@code EngineBenchmark}s: one row per
 * model, batch and thread count with both engines side by side, their ratio and GFLOP/s, then the
 * models, the machine and the JMH settings. GFLOP counts come from the graphs the benchmark imports
 * ({@link Flops}). Usage: {@code BenchmarksReport RESULT.json OUT.md [--quick]}.
 */
public final class BenchmarksReport {
    private BenchmarksReport() {
    }

    /** What one model computes. */
    record Workload(String input, long flopsPerSample, long parameters) {
    }

    /**
     * Where the report's inputs came from, for its header.
     *
     * @param javaKernel the Java engine's SGEMM as the benchmark JVMs chose it
     */
    record Provenance(String resultFile, String date, Machine machine, String onnxRuntimeVersion, String javaKernel,
            boolean quick) {
    }

    /**
     * The hand-measured section of the report that a regeneration keeps (from its heading to the
     * end of the file): the import benchmark's results ({@code keras1j.bench.ImportBenchmark}).
     */
    static final String IMPORT_SECTION = "## Import and memory";

    /** The section of the existing {@code file} that starts with {@code heading}, to the end; else "". */
    static String keptSection(Path file, String heading) throws IOException {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        String old = Files.readString(file, StandardCharsets.UTF_8);
        int at = old.startsWith(heading) ? 0 : old.indexOf("\n" + heading);
        return at < 0 ? "" : "\n" + old.substring(at == 0 ? 0 : at + 1);
    }

    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        boolean quick = false;
        for (String a : args) {
            if (a.equals("--quick")) {
                quick = true;
            } else if (a.startsWith("--")) {
                usage("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (positional.size() != 2) {
            usage("expected RESULT.json and OUT.md");
        }
        Path json = Path.of(positional.get(0));
        Path out = Path.of(positional.get(1));
        List<JmhResult> results = JmhResult.read(json);
        if (results.isEmpty()) {
            System.err.println(json + ": no results");
            System.exit(1);
        }
        Map<String, Workload> workloads = workloads(results);
        String date = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT));
        Provenance p = new Provenance(json.toString(), date, Machine.current(),
                OrtEnvironment.getEnvironment().getVersion(), javaKernel(results), quick);
        String md = render(results, workloads, p) + keptSection(out, IMPORT_SECTION);
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".benchmarks", ".md");
        try {
            Files.writeString(tmp, md, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        System.out.println("wrote " + out + " (" + results.size() + " results)");
    }

    private static void usage(String problem) {
        System.err.println("BenchmarksReport: " + problem);
        System.err.println("usage: BenchmarksReport RESULT.json OUT.md [--quick]");
        System.exit(2);
    }

    /** Imports every model of the results to count its work. */
    static Map<String, Workload> workloads(List<JmhResult> results) {
        Map<String, Workload> w = new LinkedHashMap<>();
        for (JmhResult r : results) {
            w.computeIfAbsent(r.model(), id -> {
                Graph g = BenchModels.get(id).load().graph();
                String input = g.inputs().stream().map(BenchmarksReport::sampleShape).collect(Collectors.joining(", "));
                return new Workload(input, Flops.of(g, 1), g.parameterCount());
            });
        }
        return w;
    }

    /**
     * The SGEMM the Java engine used: the benchmark JVMs get the Vector API module from their
     * arguments; this JVM (started like them by the script) names the kernel that then loads.
     */
    static String javaKernel(List<JmhResult> results) {
        boolean vectorModule = results.stream().filter(r -> r.engine() == EngineKind.JAVA)
                .anyMatch(r -> r.settings().jvmArgs().stream().anyMatch(a -> a.contains("jdk.incubator.vector")));
        if (!vectorModule) {
            return "`" + Kernels.plainSgemm().name() + "` (the benchmark JVMs did not load the Vector API module)";
        }
        return Kernels.vectorSgemm().map(k -> "`" + k.name() + "` (JDK Vector API)")
                .orElse("the JDK Vector API SGEMM if this CPU has vectors of 8 floats or more, else `"
                        + Kernels.plainSgemm().name() + "`");
    }

    static String render(List<JmhResult> results, Map<String, Workload> workloads, Provenance p) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: Java engine and ONNX Runtime\n\n");
        if (p.quick()) {
            md.append("> **Quick smoke run** (`bench/run-benchmarks.sh --quick`): tiny iteration counts on a subset of"
                    + " the configurations. These numbers only show that the benchmark runs; they are not a"
                    + " measurement. Run `bench/run-benchmarks.sh` for the real table.\n\n");
        }
        md.append("The same Keras 1 models, imported by `KerasModelLoader`, run on the pure-Java engine and on ONNX"
                + " Runtime (graph exported to ONNX at the default opset) in the same JMH run, on random seeded"
                + " inputs. One call is one `Engine.predict` of a whole batch; *threads* is the compute threads of"
                + " that call (Java engine workers, ONNX Runtime intra-op threads). Lower ms/op is better.\n\n");
        md.append("Measured ").append(p.date()).append(" on ").append(p.machine().cpu()).append(" (")
                .append(p.machine().processors()).append(" logical processors) with JDK ")
                .append(jdks(results)).append("; JMH results in `").append(p.resultFile()).append("`.\n\n");

        md.append("## Results\n\n");
        md.append("| model | batch | threads | GFLOP/op | Java ms/op | ONNX Runtime ms/op | Java / ORT |"
                + " GFLOP/s Java | GFLOP/s ORT |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<String> duplicates = new ArrayList<>();
        boolean missing = false;
        for (String model : modelsInOrder(results)) {
            Set<Integer> batches = new TreeSet<>();
            Set<Integer> threads = new TreeSet<>();
            Map<String, Map<EngineKind, JmhResult>> cells = new LinkedHashMap<>();
            for (JmhResult r : results) {
                if (r.model().equals(model)) {
                    batches.add(r.batch());
                    threads.add(r.threads());
                    JmhResult previous = cells.computeIfAbsent(r.batch() + "/" + r.threads(),
                            k -> new EnumMap<>(EngineKind.class)).putIfAbsent(r.engine(), r);
                    if (previous != null) {
                        duplicates.add(model + ", batch " + r.batch() + ", " + r.threads() + " threads, "
                                + r.engine().label() + ": " + previous.benchmarkClass() + " (shown) and "
                                + r.benchmarkClass());
                    }
                }
            }
            Workload w = workloads.get(model);
            for (int b : batches) {
                for (int t : threads) {
                    Map<EngineKind, JmhResult> c = cells.getOrDefault(b + "/" + t, Map.of());
                    JmhResult java = c.get(EngineKind.JAVA);
                    JmhResult ort = c.get(EngineKind.ONNX_RUNTIME);
                    missing |= java == null || ort == null;
                    double gflop = w.flopsPerSample() * (double) b / 1e9;
                    md.append("| ").append(model).append(" | ").append(b).append(" | ").append(t).append(" | ")
                            .append(significant(gflop)).append(" | ").append(time(java)).append(" | ")
                            .append(time(ort)).append(" | ").append(ratio(java, ort)).append(" | ")
                            .append(rate(gflop, java)).append(" | ").append(rate(gflop, ort)).append(" |\n");
                }
            }
        }
        md.append('\n');
        if (!duplicates.isEmpty()) {
            md.append("**Duplicate results** (a `-p model=...` override applied to a benchmark class that does not"
                    + " own that model?):\n\n");
            for (String d : duplicates) {
                md.append("- ").append(d).append('\n');
            }
            md.append('\n');
        }
        if (missing) {
            md.append("`-`: no result for that engine (the benchmark was not run or failed; see the JMH log).\n\n");
        }
        md.append("ms/op is JMH's average time per call; `±` is its 99.9% confidence half-width (absent with fewer than"
                + " two measured iterations). GFLOP/op is 2 x the multiply-accumulates of the Conv, ConvTranspose"
                + " and Dense ops of the imported graph at that batch size (a transposed convolution counts every"
                + " product, including those cropped away); GFLOP/s is GFLOP/op divided by the time per call.\n\n");

        md.append("## Models\n\n");
        md.append("| model | what | input (per sample) | graph parameters | GFLOP per sample |\n");
        md.append("|---|---|---|---:|---:|\n");
        for (String model : modelsInOrder(results)) {
            Workload w = workloads.get(model);
            md.append("| ").append(model).append(" | ").append(BenchModels.get(model).description()).append(" | ")
                    .append(w.input()).append(" | ").append(String.format(Locale.ROOT, "%,d", w.parameters()))
                    .append(" | ").append(significant(w.flopsPerSample() / 1e9)).append(" |\n");
        }
        md.append("\nSynthetic models are written as Keras 1.2.2 `to_json()` configurations (TensorFlow backend,"
                + " `tf` ordering, `..._W:0` weight names, random seeded weights) and imported through"
                + " `KerasModelLoader` like a file would be; the MNIST CNNs are the real Keras 1.2.2 fixture files"
                + " `fixtures/keras1/<model>/model.h5`.\n\n");

        md.append("## Machine and settings\n\n");
        Machine mc = p.machine();
        md.append("- CPU: ").append(mc.cpu()).append(", ").append(mc.processors()).append(" logical processors\n");
        mc.memory().ifPresent(mem -> md.append("- Memory: ").append(mem).append('\n'));
        md.append("- OS: ").append(mc.os()).append('\n');
        md.append("- JDK (benchmark JVM): ").append(jdks(results)).append('\n');
        md.append("- Java engine SGEMM: ").append(p.javaKernel()).append('\n');
        md.append("- ONNX Runtime: ").append(p.onnxRuntimeVersion()).append(" (Java binding, CPU execution provider)\n");
        md.append("- JMH: ").append(distinct(results, r -> r.settings().jmhVersion())).append('\n');
        md.append("- Date: ").append(p.date()).append("\n\n");
        md.append("| benchmark class | models | mode | warm-up | measurement | forks | JVM arguments |\n");
        md.append("|---|---|---|---|---|---:|---|\n");
        Map<String, List<JmhResult>> byClass = new LinkedHashMap<>();
        for (JmhResult r : results) {
            byClass.computeIfAbsent(r.benchmarkClass(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<JmhResult>> e : byClass.entrySet()) {
            List<JmhResult> rs = e.getValue();
            md.append("| ").append(e.getKey()).append(" | ").append(distinct(rs, JmhResult::model)).append(" | ")
                    .append(distinct(rs, r -> mode(r.settings().mode()))).append(" | ")
                    .append(distinct(rs, r -> r.settings().warmupIterations() + " x " + r.settings().warmupTime()))
                    .append(" | ")
                    .append(distinct(rs,
                            r -> r.settings().measurementIterations() + " x " + r.settings().measurementTime()))
                    .append(" | ").append(distinct(rs, r -> Integer.toString(r.settings().forks()))).append(" | ")
                    .append(distinct(rs, r -> r.settings().jvmArgs().isEmpty() ? "(none)"
                            : "`" + String.join(" ", r.settings().jvmArgs()) + "`"))
                    .append(" |\n");
        }
        md.append("\nIn `avgt` mode an iteration runs calls back to back for at least its time; a call longer than"
                + " that makes a one-call iteration, so the slowest rows rest on as many calls as measured"
                + " iterations. Each configuration runs in its own fork; the engine and the inputs are created"
                + " once per fork (`@Setup(Level.Trial)`), outside the measurement.\n\n");
        md.append("Reproduce with `bench/run-benchmarks.sh` (see `bench/README.md`).\n");
        return md.toString();
    }

    private static List<String> modelsInOrder(List<JmhResult> results) {
        Set<String> seen = results.stream().map(JmhResult::model).collect(Collectors.toSet());
        List<String> order = new ArrayList<>();
        for (BenchModel m : BenchModels.all()) {
            if (seen.contains(m.id())) {
                order.add(m.id());
            }
        }
        return order;
    }

    private static String sampleShape(GraphInput in) {
        return Arrays.stream(in.shape().sampleDims()).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }

    private static String jdks(List<JmhResult> results) {
        return distinct(results, r -> r.settings().jdkVersion() + " (" + r.settings().vm() + ")");
    }

    private static String distinct(List<JmhResult> results, java.util.function.Function<JmhResult, String> f) {
        Set<String> values = new LinkedHashSet<>();
        for (JmhResult r : results) {
            values.add(f.apply(r));
        }
        return String.join(", ", values);
    }

    private static String mode(String jmhMode) {
        switch (jmhMode) {
            case "avgt":
                return "average time (`avgt`)";
            case "ss":
                return "single shot (`ss`)";
            default:
                return jmhMode;
        }
    }

    private static String time(JmhResult r) {
        if (r == null) {
            return "-";
        }
        String s = milliseconds(r.ms());
        return Double.isNaN(r.errorMs()) ? s : s + " ± " + milliseconds(r.errorMs());
    }

    private static String ratio(JmhResult java, JmhResult ort) {
        if (java == null || ort == null) {
            return "-";
        }
        return significant(java.ms() / ort.ms());
    }

    private static String rate(double gflop, JmhResult r) {
        if (r == null) {
            return "-";
        }
        return significant(gflop / (r.ms() / 1e3));
    }

    /** Milliseconds to three significant digits (at least one decimal below 1000). */
    static String milliseconds(double ms) {
        if (ms >= 1000) {
            return String.format(Locale.ROOT, "%.0f", ms);
        }
        return significant(ms);
    }

    /** Three significant digits, plain notation ({@code 0.000123}, {@code 12.3}, {@code 1230}). */
    static String significant(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "NaN" : v == 0 ? "0" : String.valueOf(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(3));
        if (d.precision() - d.scale() > 3) {
            d = d.setScale(0);
        } else if (d.precision() < 3) {
            d = d.setScale(d.scale() + 3 - d.precision());
        }
        return d.toPlainString();
    }
}
