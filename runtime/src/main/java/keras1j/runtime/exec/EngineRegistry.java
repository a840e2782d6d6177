package keras1j.runtime.exec;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

import keras1j.errors.InvalidInputException;
import keras1j.runtime.ir.Graph;

/**
 * The engines available by name: the built-in {@code java} engine plus every
 * {@link EngineProvider} found on the class path or module path ({@code onnxruntime} when
 * {@code dev.keras1j:keras1j-onnxruntime} is there). Two providers of one name are an error at
 * first use. Stateless apart from the provider table, which is built once; thread-safe.
 */
public final class EngineRegistry {
    /** The name of the pure-Java engine, always available. */
    public static final String JAVA = "java";
    /** The name of the ONNX Runtime engine (artifact {@code keras1j-onnxruntime}). */
    public static final String ONNXRUNTIME = "onnxruntime";

    private EngineRegistry() {
    }

    /** Names of the available engines, sorted. */
    public static Set<String> names() {
        return Providers.TABLE.keySet();
    }

    /** True if an engine of that name is available. */
    public static boolean has(String name) {
        return Providers.TABLE.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /**
     * A new engine of the named kind for {@code graph}; the caller closes it.
     *
     * @throws InvalidInputException if no engine of that name is available (the message lists the
     *                               available ones and, for {@code onnxruntime}, the artifact to add)
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     */
    public static Engine open(String name, Graph graph, EngineConfig config) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(config, "config");
        EngineProvider p = Providers.TABLE.get(name.toLowerCase(Locale.ROOT));
        if (p == null) {
            String hint = ONNXRUNTIME.equalsIgnoreCase(name)
                    ? " (add dev.keras1j:keras1j-onnxruntime to the class path)" : "";
            throw new InvalidInputException("engine '" + name + "' is not available" + hint + "; available: "
                    + String.join(", ", names()));
        }
        return p.create(graph, config);
    }

    /** The Java engine as a provider. */
    private static final class JavaProvider implements EngineProvider {
        @Override
        public String name() {
            return JAVA;
        }

        @Override
        public Engine create(Graph graph, EngineConfig config) {
            return JavaEngine.create(graph, JavaEngineOptions.defaults().withThreads(config.threads())
                    .withWeightProgress(config.weightProgress()));
        }
    }

    /** Lazily built table (class holder idiom), so a broken provider fails at first use, not class load. */
    private static final class Providers {
        static final Map<String, EngineProvider> TABLE = load();

        private static Map<String, EngineProvider> load() {
            Map<String, EngineProvider> map = new TreeMap<>();
            add(map, new JavaProvider());
            for (EngineProvider p : ServiceLoader.load(EngineProvider.class, EngineRegistry.class.getClassLoader())) {
                add(map, p);
            }
            return Collections.unmodifiableMap(map);
        }

        private static void add(Map<String, EngineProvider> map, EngineProvider p) {
            String name = p.name().toLowerCase(Locale.ROOT);
            EngineProvider old = map.putIfAbsent(name, p);
            if (old != null) {
                throw new IllegalStateException("two engines named '" + name + "': " + old.getClass().getName()
                        + " and " + p.getClass().getName());
            }
        }
    }
}
