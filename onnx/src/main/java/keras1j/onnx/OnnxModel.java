package keras1j.onnx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import keras1j.runtime.tensor.WeightProgress;

/**
 * A lowered ONNX model whose large float initializers are not made yet: a {@link ModelProto}
 * whose deferred initializers carry no {@code raw_data}, and for each a way to make its values
 * ({@link OnnxContext#floats(String, int, java.util.function.Supplier, int...)}). {@link #writeTo}
 * streams the complete serialized model: it makes one initializer's values at a time (a lazy
 * weight is read from its file, a kernel permuted to ONNX's layout) and writes them in small
 * little-endian chunks after the initializer's other fields, so that the weights are never all in
 * memory twice (a {@code ModelProto} holding them would copy them once, and its serialized bytes
 * once more).
 * The bytes parse as the same model as {@link #toProto()} (protobuf fields may come in any order;
 * the deferred initializers follow the graph's other fields).
 *
 * <p>{@link #writeTo} and {@link #toProto()} report the bytes of deferred values they make to the
 * export options' {@link OnnxExportOptions#weightProgress()}, each call from {@code 0} to their total.
 *
 * <p>Immutable as long as the arrays are not changed (they are weight arrays, immutable by
 * contract); thread-safe.
 */
public final class OnnxModel {
    /** {@code ModelProto.graph}, {@code GraphProto.initializer} and {@code TensorProto.raw_data}. */
    private static final int MODEL_GRAPH = ModelProto.GRAPH_FIELD_NUMBER;
    private static final int GRAPH_INITIALIZER = GraphProto.INITIALIZER_FIELD_NUMBER;
    private static final int TENSOR_RAW_DATA = TensorProto.RAW_DATA_FIELD_NUMBER;
    private static final int CHUNK_FLOATS = 1 << 14;

    private final ModelProto skeleton;
    private final Map<String, OnnxContext.Deferred> deferred;
    /** The model without its graph, the graph without its deferred initializers, and those (no data). */
    private final byte[] head;
    private final byte[] graphHead;
    private final List<TensorProto> deferredTensors = new ArrayList<>();
    private final long size;
    private final long graphSize;
    private final WeightProgress progress;
    /** Bytes of the deferred values. */
    private final long deferredBytes;

    OnnxModel(ModelProto skeleton, Map<String, OnnxContext.Deferred> deferred, WeightProgress progress) {
        this.skeleton = skeleton;
        this.progress = progress;
        this.deferred = new LinkedHashMap<>(deferred);
        GraphProto.Builder rest = skeleton.getGraph().toBuilder().clearInitializer();
        for (TensorProto t : skeleton.getGraph().getInitializerList()) {
            if (this.deferred.containsKey(t.getName())) {
                deferredTensors.add(t);
            } else {
                rest.addInitializer(t);
            }
        }
        this.head = skeleton.toBuilder().clearGraph().build().toByteArray();
        this.graphHead = rest.build().toByteArray();
        long g = graphHead.length;
        long bytes = 0;
        for (TensorProto t : deferredTensors) {
            bytes += 4L * this.deferred.get(t.getName()).size();
            long tensor = tensorSize(t);
            g += CodedOutputStream.computeTagSize(GRAPH_INITIALIZER) + varintSize(tensor) + tensor;
        }
        this.graphSize = g;
        this.deferredBytes = bytes;
        this.size = head.length + CodedOutputStream.computeTagSize(MODEL_GRAPH) + varintSize(graphSize) + graphSize;
    }

    /** The bytes {@link #writeTo} writes. */
    public long serializedSize() {
        return size;
    }

    /** The complete model as one {@link ModelProto} (copies every deferred array into it). */
    public ModelProto toProto() {
        GraphProto.Builder g = skeleton.getGraph().toBuilder();
        WeightProgress.Tally made = WeightProgress.start(progress, deferredBytes);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            OnnxContext.Deferred d = deferred.get(t.getName());
            if (d != null) {
                float[] values = d.get(t.getName());
                ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(values);
                g.setInitializer(i, t.toBuilder().setRawData(UnsafeByteOperations.unsafeWrap(buf.array())));
                made.add(4L * values.length);
            }
        }
        made.finish();
        return skeleton.toBuilder().setGraph(g).build();
    }

    /**
     * Writes the serialized model ({@link #serializedSize()} bytes) into {@code target} from its
     * position (which must leave that many bytes).
     */
    public void writeTo(ByteBuffer target) {
        try {
            writeTo(new OutputStream() {
                @Override
                public void write(int b) {
                    target.put((byte) b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    target.put(b, off, len);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a buffer does not fail
        }
    }

    /** Writes the serialized model ({@link #serializedSize()} bytes) to {@code out}; does not close it. */
    public void writeTo(OutputStream out) throws IOException {
        CodedOutputStream c = CodedOutputStream.newInstance(out, 1 << 16);
        c.writeRawBytes(head);
        c.writeTag(MODEL_GRAPH, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        c.writeUInt64NoTag(graphSize);
        c.writeRawBytes(graphHead);
        byte[] chunk = new byte[4 * CHUNK_FLOATS];
        ByteBuffer chunkBuffer = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        WeightProgress.Tally written = WeightProgress.start(progress, deferredBytes);
        for (TensorProto t : deferredTensors) {
            float[] values = deferred.get(t.getName()).get(t.getName());
            c.writeTag(GRAPH_INITIALIZER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            c.writeUInt64NoTag(tensorSize(t));
            t.writeTo(c);
            c.writeTag(TENSOR_RAW_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            c.writeUInt64NoTag(4L * values.length);
            for (int i = 0; i < values.length; i += CHUNK_FLOATS) {
                int n = Math.min(CHUNK_FLOATS, values.length - i);
                chunkBuffer.clear();
                chunkBuffer.asFloatBuffer().put(values, i, n);
                c.writeRawBytes(chunk, 0, 4 * n);
                written.add(4L * n);
            }
        }
        c.flush();
        written.finish();
    }

    /** Serialized size of deferred initializer {@code t} with its values as {@code raw_data}. */
    private long tensorSize(TensorProto t) {
        long bytes = 4L * deferred.get(t.getName()).size();
        return t.getSerializedSize() + CodedOutputStream.computeTagSize(TENSOR_RAW_DATA) + varintSize(bytes) + bytes;
    }

    private static int varintSize(long value) {
        return CodedOutputStream.computeUInt64SizeNoTag(value);
    }
}
