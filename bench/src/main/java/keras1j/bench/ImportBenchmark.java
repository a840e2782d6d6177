package keras1j.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import keras1j.bench.synthetic.SyntheticModels;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.LayerSummary;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.tensor.Tensor;

/**
 * The import benchmark: how long {@code KerasModelLoader.load} takes against reading the file's
 * bytes, and the smallest heap ({@code -Xmx}) with which a child JVM can summarize, import, and
 * import and predict on each engine, against the size of the weights. A plain main rather than JMH:
 * the heap bound is a property of a whole JVM run, found by bisection over child JVMs.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * CP="bench/target/classes:$(cat bench/target/classpath.txt)"
 * java -Xmx3g -cp "$CP" keras1j.bench.ImportBenchmark generate /tmp/vgg16.h5            # full VGG16, 528 MiB
 * java -cp "$CP" keras1j.bench.ImportBenchmark time /tmp/vgg16.h5                       # load vs read times
 * java -cp "$CP" keras1j.bench.ImportBenchmark heap /tmp/vgg16.h5 [TASK...]             # smallest -Xmx per task
 * </pre>
 *
 * {@code generate OUT [SIZE FC CLASSES]} writes {@link SyntheticModels#vgg16} (default 224 4096
 * 1000, seeded) as a full-model file. Tasks of {@code heap}: {@code summary} (import and list the
 * layers, as {@code keras1j summary} does), {@code import}, {@code java} (import, Java engine,
 * one predict at batch 1) and {@code onnxruntime} (the same on ONNX Runtime). Child JVMs run with
 * the JVM's default collector and {@code --add-modules jdk.incubator.vector}, as the command line
 * does. (The collector matters: a generational one whose old generation is a fixed share of the
 * heap, such as {@code -XX:+UseSerialGC}, needs more heap for one 411 MB weight array than G1.)
 */
public final class ImportBenchmark {
    private static final long MIB = 1L << 20;
    private static final List<String> TASKS = List.of("summary", "import", "java", "onnxruntime");

    private ImportBenchmark() {
    }

    /** See the class documentation. */
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ImportBenchmark generate OUT.h5 [SIZE FC CLASSES] | time MODEL.h5 [REPEATS]"
                    + " | heap MODEL.h5 [TASK...] | run TASK MODEL.h5");
            System.exit(2);
        }
        Path model = Path.of(args[1]);
        switch (args[0]) {
            case "generate" -> {
                int size = args.length > 2 ? Integer.parseInt(args[2]) : 224;
                int fc = args.length > 3 ? Integer.parseInt(args[3]) : 4096;
                int classes = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
                SyntheticModels.vgg16(size, fc, classes, BenchModels.WEIGHT_SEED).writeFullModel(model);
                System.out.printf(Locale.ROOT, "wrote %s: %.1f MiB%n", model, Files.size(model) / (double) MIB);
            }
            case "time" -> time(model, args.length > 2 ? Integer.parseInt(args[2]) : 5);
            case "heap" -> {
                List<String> tasks = args.length > 2 ? List.of(args).subList(2, args.length) : TASKS;
                long weights = weightBytes(model);
                System.out.printf(Locale.ROOT, "weights: %.1f MiB (float32)%n", weights / (double) MIB);
                for (String task : tasks) {
                    long mib = smallestHeap(task, model);
                    System.out.printf(Locale.ROOT, "%-12s smallest -Xmx %5d MiB = %.2f x the weights%n", task, mib,
                            mib * MIB / (double) weights);
                }
            }
            case "run" -> run(args[1], Path.of(args[2]));
            default -> {
                System.err.println("unknown mode '" + args[0] + "'");
                System.exit(2);
            }
        }
    }

    /** Runs {@code task} once in this JVM; prints the heap peak (after a GC) for information. */
    static void run(String task, Path model) throws Exception {
        switch (task) {
            case "summary" -> {
                ImportedModel m = KerasModelLoader.load(model, null, ImportOptions.defaults());
                long params = 0;
                for (LayerSummary l : m.layers()) {
                    params += l.parameterCount();
                }
                System.out.println("layers " + m.layers().size() + ", parameters " + params);
            }
            case "import" -> System.out.println("parameters "
                    + KerasModelLoader.load(model, null, ImportOptions.defaults()).graph().parameterCount());
            case "java", "onnxruntime" -> {
                ImportedModel m = KerasModelLoader.load(model, null, ImportOptions.defaults());
                Map<String, Tensor> in = RandomInputs.of(m.graph(), 1, new Random(EngineBenchmark.INPUT_SEED));
                try (Engine e = task.equals("java") ? JavaEngine.create(m.graph())
                        : OnnxRuntimeEngine.create(m.graph(), OnnxExportOptions.defaults(), 1)) {
                    m = null; // the caller's model is dropped: only the engine holds what it needs
                    Map<String, Tensor> out = e.predict(in);
                    System.gc();
                    System.out.printf(Locale.ROOT, "outputs %s, heap in use after a GC with the engine open %.1f MiB%n",
                            out.keySet(), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
                                    / (double) MIB);
                }
            }
            default -> throw new IllegalArgumentException("unknown task '" + task + "', expected one of " + TASKS);
        }
        System.out.printf(Locale.ROOT, "heap peak %.1f MiB%n", heapPeak() / (double) MIB);
    }

    private static long heapPeak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    /** Load times against the time to read the file's bytes, warm (after one untimed round). */
    static void time(Path model, int repeats) throws IOException {
        byte[] buffer = new byte[1 << 20];
        List<Double> read = new ArrayList<>();
        List<Double> load = new ArrayList<>();
        List<Double> materialize = new ArrayList<>();
        long t0 = System.nanoTime();
        ImportedModel first = KerasModelLoader.load(model, null, ImportOptions.defaults());
        long t1 = System.nanoTime();
        first.graph().nodes().forEach(n -> touch(n.op()));
        long t2 = System.nanoTime();
        System.out.printf(Locale.ROOT, "first load in this JVM: %.3f s (weights read when first used: %.3f s more)%n",
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        first = null;
        for (int r = 0; r < repeats; r++) {
            long a = System.nanoTime();
            long bytes = 0;
            try (InputStream s = Files.newInputStream(model)) {
                for (int n; (n = s.read(buffer)) > 0;) {
                    bytes += n;
                }
            }
            long b = System.nanoTime();
            ImportedModel m = KerasModelLoader.load(model, null, ImportOptions.defaults());
            long c = System.nanoTime();
            m.graph().nodes().forEach(n -> touch(n.op()));
            long d = System.nanoTime();
            read.add((b - a) / 1e9);
            load.add((c - b) / 1e9);
            materialize.add((d - c) / 1e9);
            if (bytes != Files.size(model)) {
                throw new IllegalStateException("read " + bytes + " bytes");
            }
        }
        System.out.printf(Locale.ROOT, "warm, median of %d: read the file %.3f s, load %.3f s, read the weights"
                + " (lazy) %.3f s%n", repeats, median(read), median(load), median(materialize));
    }

    /** Reads every weight of {@code op} (the values of lazy weights). */
    private static void touch(Object op) {
        for (var c : op.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(op);
                if (v instanceof Tensor t) {
                    t.data();
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    private static long weightBytes(Path model) {
        return 4 * KerasModelLoader.load(model, null, ImportOptions.defaults()).graph().parameterCount();
    }

    /** The smallest heap in MiB (16 MiB steps) with which a child JVM completes {@code task}. */
    static long smallestHeap(String task, Path model) throws IOException, InterruptedException {
        long low = 16;
        long high = 256;
        while (!succeeds(task, model, high)) {
            low = high;
            high *= 2;
            if (high > 16384) {
                throw new IllegalStateException(task + " fails even with a 16 GiB heap");
            }
        }
        while (high - low > 16) {
            long mid = (low + high) / 2 / 16 * 16;
            if (succeeds(task, model, mid)) {
                high = mid;
            } else {
                low = mid;
            }
        }
        return high;
    }

    /** True if a child JVM with {@code -Xmx<heapMib>m} completes {@code task} on {@code model}. */
    static boolean succeeds(String task, Path model, long heapMib) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = List.of(java.toString(), "-Xmx" + heapMib + "m", "--add-modules=jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                ImportBenchmark.class.getName(), "run", task, model.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return false;
        }
        boolean ok = p.exitValue() == 0;
        System.out.printf(Locale.ROOT, "  %-12s -Xmx%dm: %s%s%n", task, heapMib, ok ? "ok" : "fails",
                ok ? " (" + lastLine(output) + ")" : " (" + firstProblem(output) + ")");
        return ok;
    }

    private static String lastLine(String output) {
        String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static String firstProblem(String output) {
        for (String line : output.split("\n")) {
            if (line.contains("Exception") || line.contains("Error")) {
                String l = line.strip();
                return l.length() > 160 ? l.substring(0, 160) + "..." : l;
            }
        }
        return lastLine(output);
    }
}
