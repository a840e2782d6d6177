package keras1j.modulecheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.kernel.Kernels;
import keras1j.runtime.tensor.Tensor;

/**
 * The module descriptors of the packaged keras1j jars: each module exports exactly the API packages the
 * README's Install section lists, a consumer module compiles against the API but not against an internal
 * package, and the consumer runs on the module path (jhdf, Jackson, protobuf and ONNX Runtime as modules
 * too), predicting a bundled fixture with the Java engine and with ONNX Runtime found as a service.
 */
class ModuleDescriptorsIT {
    /** Exported packages per module (unqualified), as documented in the README. */
    private static final Map<String, Set<String>> API = Map.of(
            "keras1j.runtime", Set.of("keras1j.errors", "keras1j.runtime", "keras1j.runtime.exec",
                    "keras1j.runtime.ir", "keras1j.runtime.ir.pass", "keras1j.runtime.memory",
                    "keras1j.runtime.tensor"),
            "keras1j.importer", Set.of("keras1j", "keras1j.keras", "keras1j.keras.config", "keras1j.keras.io",
                    "keras1j.keras.layers", "keras1j.keras.spi"),
            "keras1j.onnx", Set.of("keras1j.onnx"),
            "keras1j.onnxruntime", Set.of("keras1j.onnxruntime"),
            "keras1j.verify", Set.of("keras1j.verify", "keras1j.verify.plot", "keras1j.verify.report"),
            "keras1j.junit", Set.of("keras1j.junit"),
            "keras1j.cli", Set.of("keras1j.cli"));

    /** Packages no consumer may use: internal (not exported) or exported to keras1j modules only. */
    private static final Map<String, String> INTERNAL = Map.of(
            "keras1j.runtime.kernel", "Kernels",
            "keras1j.runtime.io", "AtomicFiles",
            "keras1j.keras.graph", "ModelAssembler",
            "keras1j.cli.io", "InputFile");

    private static List<Path> modulePath;
    private static Path fixture;

    @BeforeAll
    static void paths() throws IOException {
        modulePath = Arrays.stream(Files.readString(Path.of(System.getProperty("keras1j.modulePath")))
                        .trim().split(java.io.File.pathSeparator))
                .map(Path::of).toList();
        fixture = Path.of(System.getProperty("keras1j.fixture")).toAbsolutePath();
    }

    @Test
    void everyLibraryModuleExportsExactlyItsApi() {
        Map<String, ModuleDescriptor> found = new TreeMap<>();
        for (Path jar : keras1jJars()) {
            ModuleDescriptor d = descriptor(jar);
            if (API.containsKey(d.name())) {
                found.put(d.name(), d);
            }
        }
        assertEquals(new TreeSet<>(API.keySet()), found.keySet(), "keras1j jars with a module descriptor");
        for (ModuleDescriptor d : found.values()) {
            assertFalse(d.isAutomatic(), d.name() + " has a module-info");
            assertEquals(API.get(d.name()), exported(d, false), "unqualified exports of " + d.name());
            Set<String> qualified = exported(d, true);
            if (d.name().equals("keras1j.runtime")) {
                assertEquals(Set.of("keras1j.runtime.io"), qualified);
                ModuleDescriptor.Exports io = d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                        .findFirst().orElseThrow();
                assertTrue(io.targets().stream().allMatch(t -> t.startsWith("keras1j.")), io.toString());
            } else {
                assertEquals(Set.of(), qualified, "qualified exports of " + d.name());
            }
            for (String internal : INTERNAL.keySet()) {
                if (d.packages().contains(internal)) {
                    assertFalse(API.get(d.name()).contains(internal), internal + " is exported");
                }
            }
        }
        assertTrue(found.get("keras1j.runtime").packages().contains("keras1j.runtime.kernel"));
        assertTrue(found.get("keras1j.importer").packages().contains("keras1j.keras.graph"));
        assertTrue(found.get("keras1j.cli").packages().contains("keras1j.cli.io"));
        // the Vector API stays optional at run time
        assertTrue(found.get("keras1j.runtime").requires().stream().anyMatch(r -> r.name().equals("jdk.incubator.vector")
                && r.modifiers().equals(Set.of(ModuleDescriptor.Requires.Modifier.STATIC))));
        // services on the module path, and META-INF/services kept for the class path
        assertEquals(Set.of("keras1j.runtime.exec.EngineProvider"), found.get("keras1j.runtime").uses());
        assertEquals(Set.of("keras1j.keras.spi.LayerConverterProvider"), found.get("keras1j.importer").uses());
        ModuleDescriptor.Provides ort = found.get("keras1j.onnxruntime").provides().iterator().next();
        assertEquals("keras1j.runtime.exec.EngineProvider", ort.service());
        assertEquals(List.of("keras1j.onnxruntime.OnnxRuntimeEngineProvider"), ort.providers());
        assertTrue(hasEntry(jar("keras1j-onnxruntime"), "META-INF/services/keras1j.runtime.exec.EngineProvider"));
    }

    @Test
    void sparkKeepsAStableAutomaticModuleName() {
        ModuleDescriptor d = descriptor(jar("keras1j-spark"));
        assertTrue(d.isAutomatic());
        assertEquals("keras1j.spark", d.name());
    }

    @Test
    void aConsumerCompilesAgainstTheApiButNotAgainstInternals(@TempDir Path dir) throws IOException {
        Compilation ok = compile(dir.resolve("consumer"), "consumer", "requires keras1j.importer;", "Main", consumerSource());
        assertTrue(ok.success(), ok.messages());

        StringBuilder imports = new StringBuilder();
        INTERNAL.forEach((pkg, cls) -> imports.append("import ").append(pkg).append('.').append(cls).append(";\n"));
        Compilation bad = compile(dir.resolve("probe"), "probe", "requires keras1j.importer; requires keras1j.cli;",
                "Probe", imports + "public final class Probe {}\n");
        assertFalse(bad.success(), "importing internal packages compiled");
        for (String pkg : INTERNAL.keySet()) {
            String module = pkg.startsWith("keras1j.runtime") ? "keras1j.runtime"
                    : pkg.startsWith("keras1j.cli") ? "keras1j.cli" : "keras1j.importer";
            assertTrue(bad.errors().stream().anyMatch(e -> e.contains("package " + pkg + " is not visible")
                            && e.contains("package " + pkg + " is declared in module " + module + ", which does not export it")),
                    pkg + ": " + bad.messages());
        }
    }

    @Test
    void theConsumerRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        Compilation ok = compile(dir.resolve("consumer"), "consumer", "requires keras1j.importer;", "Main", consumerSource());
        assertTrue(ok.success(), ok.messages());
        Tensor reference = Hdf5Tensors.readGroup(fixture.resolve("io.h5"), "outputs").values().iterator().next();
        int expected = argmaxOfFirstSample(reference);

        String plain = run(ok.classes(), List.of());
        assertTrue(plain.contains("java engine: predicted class " + expected + "\n"), plain);
        assertTrue(plain.contains("onnxruntime engine: predicted class " + expected + "\n"), plain);
        assertTrue(plain.contains("engines: [java, onnxruntime]\n"), plain);
        assertTrue(plain.contains("vector kernels: unavailable\n"), plain);

        // with the module added, the Java engine finds the Vector API kernels exactly as on the class path
        String vector = run(ok.classes(), List.of("--add-modules", "jdk.incubator.vector"));
        assertTrue(vector.contains("java engine: predicted class " + expected + "\n"), vector);
        String available = Kernels.vectorSgemm().isPresent() ? "available" : "unavailable";
        assertTrue(vector.contains("vector kernels: " + available + "\n"), vector);
    }

    @Test
    void theCommandRunsOnTheModulePath() throws Exception {
        // picocli reads the commands reflectively (keras1j.cli opens its package to info.picocli only)
        String version = run(List.of(), "keras1j.cli/keras1j.cli.Main", "--version");
        assertTrue(version.contains("engines: java, onnxruntime\n"), version);
        String summary = run(List.of(), "keras1j.cli/keras1j.cli.Main", "summary", fixture.resolve("model.h5").toString());
        assertTrue(summary.contains("Total params: 1,313\n"), summary);
    }

    // ---- the consumer

    private static String consumerSource() {
        return """
                import java.nio.file.Path;
                import java.util.Arrays;
                import java.util.Map;
                import java.util.TreeSet;

                import keras1j.Keras1j;
                import keras1j.Model;
                import keras1j.errors.UnsupportedFeatureException;
                import keras1j.keras.io.Hdf5Tensors;
                import keras1j.runtime.exec.Engine;
                import keras1j.runtime.exec.EngineConfig;
                import keras1j.runtime.exec.EngineRegistry;
                import keras1j.runtime.exec.JavaEngine;
                import keras1j.runtime.exec.JavaEngineOptions;
                import keras1j.runtime.exec.KernelChoice;
                import keras1j.runtime.tensor.Tensor;

                public final class Main {
                    public static void main(String[] args) {
                        Path dir = Path.of(args[0]);
                        Tensor digits = Hdf5Tensors.readGroup(dir.resolve("io.h5"), "inputs").values().iterator().next();
                        try (Model model = Keras1j.load(dir.resolve("model.h5"))) {
                            float[] image = Arrays.copyOf(digits.data(), digits.size() / digits.dim(0));
                            System.out.println("java engine: predicted class " + model.predictClass(image));
                            try (Engine ort = EngineRegistry.open("onnxruntime", model.imported().graph(), EngineConfig.defaults())) {
                                Tensor out = ort.predict(Map.of(model.inputNames().get(0), digits)).values().iterator().next();
                                int best = 0;
                                for (int i = 1; i < out.dim(1); i++) {
                                    best = out.data()[i] > out.data()[best] ? i : best;
                                }
                                System.out.println("onnxruntime engine: predicted class " + best);
                            }
                            System.out.println("engines: " + new TreeSet<>(EngineRegistry.names()));
                            try (JavaEngine e = JavaEngine.create(model.imported().graph(),
                                    JavaEngineOptions.defaults().withKernel(KernelChoice.VECTOR_API))) {
                                System.out.println("vector kernels: available");
                            } catch (UnsupportedFeatureException e) {
                                System.out.println("vector kernels: unavailable");
                            }
                        }
                    }
                }
                """;
    }

    private record Compilation(boolean success, List<String> errors, String messages, Path classes) {
    }

    /** Compiles module {@code name} (one class {@code cls} in package {@code name}) on the module path. */
    private static Compilation compile(Path root, String name, String requires, String cls, String body) throws IOException {
        Path src = root.resolve("src");
        Path classes = root.resolve("classes");
        Files.createDirectories(src.resolve(name));
        Files.writeString(src.resolve("module-info.java"), "module " + name + " { " + requires + " }\n");
        Files.writeString(src.resolve(name).resolve(cls + ".java"), "package " + name + ";\n\n" + body);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
             Stream<Path> sources = Files.walk(src)) {
            List<Path> java = sources.filter(p -> p.toString().endsWith(".java")).toList();
            // an explicit (empty) class path: by default the compiler in this JVM would use this test's
            // class path, where every keras1j package is in the unnamed module
            List<String> options = List.of("--release", "17", "-d", classes.toString(),
                    "--module-path", joined(modulePath), "--class-path", root.resolve("no-class-path").toString());
            boolean success = javac.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(java)).call();
            List<String> errors = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                String text = d.getMessage(null);
                all.append(d.getKind()).append(": ").append(text).append('\n');
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(text);
                }
            }
            return new Compilation(success, errors, all.toString(), classes);
        }
    }

    /** Runs the consumer module on the module path and returns its standard output. */
    private static String run(Path classes, List<String> jvmOptions) throws Exception {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("--module-path");
        options.add(classes + java.io.File.pathSeparator + joined(modulePath));
        return run(options, "consumer/consumer.Main", fixture.toString());
    }

    /**
     * Runs {@code module/main class} on the module path (after the given JVM options, which may put
     * more in front of it) and returns its standard output; it must exit with 0.
     */
    private static String run(List<String> jvmOptions, String main, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.addAll(jvmOptions);
        if (!jvmOptions.contains("--module-path")) {
            cmd.addAll(List.of("--module-path", joined(modulePath)));
        }
        cmd.addAll(List.of("-m", main));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        drain.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "consumer timed out");
        drain.join();
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + "\nstdout:\n" + out + "stderr:\n" + err);
        return out;
    }

    // ---- helpers

    private static List<Path> keras1jJars() {
        List<Path> jars = new ArrayList<>(modulePath.stream()
                .filter(p -> p.getFileName().toString().startsWith("keras1j-")).toList());
        jars.add(jar("keras1j-junit"));
        jars.add(jar("keras1j-spark"));
        return jars;
    }

    /** The packaged jar of a keras1j artifact, from the test class path or the module path file. */
    private static Path jar(String artifact) {
        return Stream.concat(modulePath.stream(),
                        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator)).map(Path::of))
                .filter(p -> p.getFileName().toString().matches(artifact.replace("-", "\\-") + "-[0-9][^-]*\\.jar"))
                .findFirst().orElseThrow(() -> new AssertionError("no packaged jar of " + artifact
                        + " (run the integration-test phase: the module descriptors are added at packaging)"));
    }

    private static ModuleDescriptor descriptor(Path jar) {
        Set<ModuleReference> refs = ModuleFinder.of(jar).findAll();
        assertEquals(1, refs.size(), jar.toString());
        return refs.iterator().next().descriptor();
    }

    private static Set<String> exported(ModuleDescriptor d, boolean qualified) {
        return d.exports().stream().filter(e -> e.isQualified() == qualified).map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean hasEntry(Path jar, String entry) {
        try (JarFile f = new JarFile(jar.toFile())) {
            return f.getEntry(entry) != null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int argmaxOfFirstSample(Tensor t) {
        int classes = t.size() / t.dim(0);
        int best = 0;
        for (int i = 1; i < classes; i++) {
            best = t.data()[i] > t.data()[best] ? i : best;
        }
        return best;
    }

    private static String joined(List<Path> paths) {
        return paths.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
