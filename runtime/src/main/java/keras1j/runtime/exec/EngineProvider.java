package keras1j.runtime.exec;

import keras1j.runtime.ir.Graph;

/**
 * A named way to run a {@link Graph}: the service interface through which engines in other
 * artifacts (e.g. {@code keras1j-onnxruntime}) become available by name, so that code choosing an
 * engine by name needs no compile-time dependency on it. Implementations are listed in
 * {@code META-INF/services/keras1j.runtime.exec.EngineProvider}, have a public no-argument
 * constructor, are stateless and thread-safe. See {@link EngineRegistry}.
 */
public interface EngineProvider {
    /** The engine's name, lower case (e.g. {@code java}, {@code onnxruntime}). */
    String name();

    /**
     * A new engine for {@code graph}; the caller closes it.
     *
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     * @throws keras1j.errors.UnsupportedFeatureException if the graph cannot run on this engine
     */
    Engine create(Graph graph, EngineConfig config);
}
