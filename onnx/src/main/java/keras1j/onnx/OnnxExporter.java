package keras1j.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
        return OnnxLowering.lower(graph, options, graph.outputs()).toProto();
    }

    /**
     * The serialized ONNX model for {@code graph}, written straight into the returned array (the
     * weights are not copied into an intermediate {@link ModelProto}).
     *
     * @throws OnnxExportException if the model is 2 GiB or larger (write it to a file instead)
     */
    public static byte[] toBytes(Graph graph, OnnxExportOptions options) {
        OnnxModel model = OnnxLowering.lower(graph, options, graph.outputs());
        if (model.serializedSize() > Integer.MAX_VALUE - 8) {
            throw new OnnxExportException("the ONNX model has " + model.serializedSize()
                    + " bytes, too many for one array: write it to a file", null);
        }
        byte[] bytes = new byte[(int) model.serializedSize()];
        try {
            model.writeTo(new ArrayOutput(ByteBuffer.wrap(bytes)));
        } catch (IOException e) {
            throw new OnnxExportException("cannot serialize the ONNX model: " + e.getMessage(), e);
        }
        return bytes;
    }

    /** An output stream filling a buffer (which must be large enough). Not thread-safe. */
    static final class ArrayOutput extends OutputStream {
        private final ByteBuffer target;

        ArrayOutput(ByteBuffer target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.put(b, off, len);
        }
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
        OnnxModel model = OnnxLowering.lower(graph, options, graph.outputs());
        Path target = out.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            // not Files.createTempFile: that makes the file owner-only (0600), and the model
            // should get the permissions of any new file in that directory
            Path candidate = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(
                    ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            tmp = Files.createFile(candidate);
            try (OutputStream stream = Files.newOutputStream(tmp)) {
                model.writeTo(stream);
            }
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
