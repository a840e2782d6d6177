package keras1j.onnx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import ai.onnx.proto.OnnxMl.ModelProto;
import keras1j.errors.Keras1jException;
import keras1j.runtime.Keras1jVersion;
import keras1j.runtime.io.AtomicFiles;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Exports an IR {@link Graph} as an ONNX model. Graph inputs and outputs keep their IR names and
 * shapes (the Keras layout of the source model, e.g. NHWC for {@code tf} dim ordering) with a
 * symbolic batch axis {@code N}; weights become initializers. A graph whose weights are
 * placeholders (an architecture-only import) is refused with an
 * {@link keras1j.errors.InvalidModelException} ({@link Graph#requireWeights}). This artifact does
 * not need ONNX Runtime; the engine that runs exports in-process is {@code keras1j-onnxruntime}.
 * Stateless and thread-safe.
 */
public final class OnnxExporter {
    /** The {@code producer_name} of exported models. */
    public static final String PRODUCER_NAME = "keras1j";
    /** The {@code producer_version} of exported models. */
    public static final String PRODUCER_VERSION = Keras1jVersion.current();

    private OnnxExporter() {
    }

    /**
     * The ONNX model for {@code graph}.
     *
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     * @throws keras1j.errors.UnsupportedFeatureException if the graph cannot be expressed at the opset
     * @throws keras1j.errors.ResourceLimitException     if the Java heap runs out
     */
    public static ModelProto toModel(Graph graph, OnnxExportOptions options) {
        return MemoryBudget.guard("exporting to ONNX", () -> OnnxLowering.lower(graph, options, graph.outputs()));
    }

    /**
     * The ONNX model for {@code graph} with other outputs than the graph's: each ONNX output
     * {@code name} holds IR value {@code value} (any graph input or node, in IR layout). For
     * engines that expose intermediate values.
     *
     * @param clampEmbeddingIds when true, embedding ids are clipped into their table before the
     *                          lookup so that the runtime never fails on them: only for callers
     *                          that check the ids themselves (out-of-range ids give wrong rows)
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     * @throws keras1j.errors.UnsupportedFeatureException if the graph cannot be expressed at the opset
     */
    public static ModelProto toModel(Graph graph, OnnxExportOptions options, List<GraphOutput> outputs,
            boolean clampEmbeddingIds) {
        return clampEmbeddingIds ? OnnxLowering.lowerWithClampedIds(graph, options, outputs)
                : OnnxLowering.lower(graph, options, outputs);
    }

    /** The serialized ONNX model for {@code graph}. */
    public static byte[] toBytes(Graph graph, OnnxExportOptions options) {
        // the model message and its serialized bytes each hold every weight once
        MemoryBudget.take(8L * graph.parameterCount(), "the ONNX export of " + graph.parameterCount() + " weights");
        return MemoryBudget.guard("exporting to ONNX", () -> toModel(graph, options).toByteArray());
    }

    /**
     * Writes the ONNX model for {@code graph} to {@code out} atomically: the bytes go to a temporary
     * file in the same directory, which is then moved over {@code out}. On failure nothing is left
     * behind and an existing {@code out} is unchanged. The file gets the default permissions of a
     * new file in that directory.
     *
     * @throws OnnxExportException if the file cannot be written
     */
    public static void write(Graph graph, OnnxExportOptions options, Path out) {
        byte[] bytes = MemoryBudget.guard("exporting to ONNX", () -> toBytes(graph, options));
        try {
            AtomicFiles.write(out, temp -> Files.write(temp, bytes));
        } catch (Keras1jException e) {
            String prefix = "cannot write " + out + ": ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new OnnxExportException("cannot write ONNX model to " + out + " (" + reason + ")", e);
        }
    }
}
