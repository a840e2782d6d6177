package keras1j.onnx;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

import ai.onnx.proto.OnnxMl.ModelProto;
import keras1j.runtime.ir.Graph;

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
     */
    public static ModelProto toModel(Graph graph, OnnxExportOptions options) {
        return OnnxLowering.lower(graph, options, graph.outputs());
    }

    /** The serialized ONNX model for {@code graph}. */
    public static byte[] toBytes(Graph graph, OnnxExportOptions options) {
        return toModel(graph, options).toByteArray();
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
        byte[] bytes = toBytes(graph, options);
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            // not Files.createTempFile: that makes the file owner-only (0600), and the model
            // should get the permissions of any new file in that directory
            Path candidate = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(
                    ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            tmp = Files.createFile(candidate);
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException | RuntimeException e) {
            throw new OnnxExportException("cannot write ONNX model to " + out + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is what the caller needs to see
                }
            }
        }
    }
}
