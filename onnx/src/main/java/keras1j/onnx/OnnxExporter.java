package keras1j.onnx;

import java.nio.file.Files;
import java.nio.file.Path;

import ai.onnx.proto.OnnxMl.ModelProto;
import keras1j.errors.Keras1jException;
import keras1j.runtime.io.AtomicFiles;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Exports an IR {@link Graph} as an ONNX model. Graph inputs and outputs keep their IR names and
 * shapes (the Keras layout of the source model, e.g. NHWC for {@code tf} dim ordering) with a
 * symbolic batch axis {@code N}; weights become initializers. Stateless and thread-safe.
 */
public final class OnnxExporter {
    /** The {@code producer_name} of exported models. */
    public static final String PRODUCER_NAME = "keras1j";
    /** The {@code producer_version} of exported models. */
    public static final String PRODUCER_VERSION = "0.1.0";

    private OnnxExporter() {
    }

    /**
     * The ONNX model for {@code graph}.
     *
     * @throws keras1j.errors.UnsupportedFeatureException if the graph cannot be expressed at the opset
     * @throws keras1j.errors.ResourceLimitException     if the Java heap runs out
     */
    public static ModelProto toModel(Graph graph, OnnxExportOptions options) {
        return MemoryBudget.guard("exporting to ONNX", () -> OnnxLowering.lower(graph, options, graph.outputs()));
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
