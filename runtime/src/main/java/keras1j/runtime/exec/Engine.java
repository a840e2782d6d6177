package keras1j.runtime.exec;

import java.util.Collection;
import java.util.Map;

import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.Tensor;

/**
 * Executes a {@link Graph}. Implementations: the pure-Java engine in this module and the ONNX
 * Runtime engine in {@code keras1j-onnxruntime}; both are available by name through {@link EngineRegistry}.
 *
 * <p>{@link #predict} and {@link #evaluate} are thread-safe: one engine may serve concurrent
 * callers. Any batch size is accepted (all inputs must share it).
 */
public interface Engine extends AutoCloseable {

    /** The graph this engine runs. */
    Graph graph();

    /**
     * Runs the graph.
     *
     * @param inputs one tensor per graph input, keyed by input name, batch first
     * @return one tensor per graph output, keyed by output name, in graph order
     * @throws keras1j.errors.InvalidInputException on a missing, unknown or mis-shaped input
     */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /**
     * Runs the graph and returns the named intermediate values (any graph input or node name), for
     * diagnosing which layer diverges.
     */
    Map<String, Tensor> evaluate(Map<String, Tensor> inputs, Collection<String> values);

    /** Releases native or pooled resources; the engine must not be used afterwards. */
    @Override
    void close();
}
