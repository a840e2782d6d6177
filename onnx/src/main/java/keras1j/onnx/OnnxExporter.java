package keras1j.onnx;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.ModelProto;
import keras1j.errors.Keras1jException;
import keras1j.runtime.Keras1jVersion;
import keras1j.runtime.io.AtomicFiles;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Exports an IR {@link Graph} as an ONNX model, after the standard IR passes
 * ({@link keras1j.runtime.ir.pass.GraphOptimizer}, the Java engine's; off with
 * {@link OnnxExportOptions#withGraphPasses}), which keep every value the export outputs. Graph
 * inputs and outputs keep their IR names and
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
        return MemoryBudget.guard("exporting to ONNX",
                () -> OnnxLowering.lower(graph, options, graph.outputs()).toProto());
    }

    /**
     * The ONNX model for {@code graph} with other outputs than the graph's (each ONNX output holds an IR
     * value: any graph input or node, in IR layout; for engines that expose intermediate values), ready
     * to be serialized without holding the weights twice ({@link OnnxModel#writeTo}).
     *
     * @param clampEmbeddingIds when true, embedding ids are clipped into their table before the
     *                          lookup so that the runtime never fails on them: only for callers
     *                          that check the ids themselves (out-of-range ids give wrong rows)
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     * @throws keras1j.errors.UnsupportedFeatureException if the graph cannot be expressed at the opset
     * @throws keras1j.errors.ResourceLimitException     if the Java heap runs out
     */
    public static OnnxModel model(Graph graph, OnnxExportOptions options, List<GraphOutput> outputs,
            boolean clampEmbeddingIds) {
        return MemoryBudget.guard("exporting to ONNX", () -> clampEmbeddingIds
                ? OnnxLowering.lowerWithClampedIds(graph, options, outputs) : OnnxLowering.lower(graph, options, outputs));
    }

    /**
     * The serialized ONNX model for {@code graph}, written straight into the returned array (the
     * weights are not copied into an intermediate {@link ModelProto}).
     *
     * @throws OnnxExportException if the model is 2 GiB or larger (write it to a file instead)
     * @throws keras1j.errors.ResourceLimitException if the array is over the memory budget
     */
    public static byte[] toBytes(Graph graph, OnnxExportOptions options) {
        OnnxModel model = model(graph, options, graph.outputs(), false);
        if (model.serializedSize() > Integer.MAX_VALUE - 8) {
            throw new OnnxExportException("the ONNX model has " + model.serializedSize()
                    + " bytes, too many for one array: write it to a file", null);
        }
        MemoryBudget.take(model.serializedSize(), "the serialized ONNX model");
        byte[] bytes = MemoryBudget.guard("exporting to ONNX", () -> new byte[(int) model.serializedSize()]);
        model.writeTo(ByteBuffer.wrap(bytes));
        return bytes;
    }

    /**
     * Writes the ONNX model for {@code graph} to {@code out} atomically, streaming the weights into
     * the file from their arrays (no serialized copy of the model is held in memory): the bytes go to a temporary
     * file in the same directory, which is then moved over {@code out}. On failure nothing is left
     * behind and an existing {@code out} is unchanged. The file gets the default permissions of a
     * new file in that directory.
     *
     * @throws OnnxExportException if the file cannot be written
     */
    public static void write(Graph graph, OnnxExportOptions options, Path out) {
        OnnxModel model = model(graph, options, graph.outputs(), false);
        try {
            // the weights stream into the file from their arrays: no serialized copy is held in memory
            AtomicFiles.write(out, temp -> {
                try (OutputStream stream = Files.newOutputStream(temp)) {
                    model.writeTo(stream);
                }
            });
        } catch (Keras1jException e) {
            String prefix = "cannot write " + out + ": ";
            String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new OnnxExportException("cannot write ONNX model to " + out + " (" + reason + ")", e);
        }
    }
}
