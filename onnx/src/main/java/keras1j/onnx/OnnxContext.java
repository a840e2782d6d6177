package keras1j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.google.protobuf.UnsafeByteOperations;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import keras1j.runtime.ir.Shape;

/**
 * Owns one ONNX graph under construction: value names (unique, with names the caller reserves for
 * later exact use), graph inputs and outputs, initializers and nodes. Values are {@link Ref}s bound
 * to their context; a reference from another context is rejected. Not thread-safe.
 */
final class OnnxContext {
    /** The {@code dim_param} of the symbolic batch axis. */
    static final String BATCH_DIM = "N";
    /** Float initializers of at least this many values (64 KB) keep their array until written. */
    static final int DEFERRED_ELEMENTS = 1 << 14;

    /** A value of this context. */
    record Ref(OnnxContext owner, String name) {
    }

    private final Set<String> reserved = new HashSet<>();
    private final Set<String> defined = new HashSet<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private final List<ValueInfoProto> inputs = new ArrayList<>();
    private final List<ValueInfoProto> outputs = new ArrayList<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    /** The large float initializers, whose values are made when the model is written (see {@link #floats}). */
    private final Map<String, Deferred> deferred = new HashMap<>();

    /**
     * A float initializer's values, made on demand.
     *
     * @param size   number of values
     * @param values makes them (each call may read a weight file again; the caller drops the array after use)
     */
    record Deferred(int size, Supplier<float[]> values) {
        /** The values, checked to be {@code size} many. */
        float[] get(String name) {
            float[] v = values.get();
            if (v.length != size) {
                throw new IllegalStateException("initializer " + name + ": " + v.length + " values, expected " + size);
            }
            return v;
        }
    }
    private final List<NodeProto> nodes = new ArrayList<>();
    private final Ref absent = new Ref(this, "");
    /** Prefix of generated node output names (a subgraph's, to keep them apart from the outer graph's). */
    private final String namePrefix;

    /** A context for a main graph. */
    OnnxContext() {
        this("");
    }

    /** A context whose generated value names start with {@code namePrefix} (for a subgraph). */
    OnnxContext(String namePrefix) {
        this.namePrefix = namePrefix;
    }

    /** Reserves {@code name} for a later exact definition; generated names avoid it. */
    void reserve(String name) {
        reserved.add(name);
    }

    /** The placeholder for an omitted optional input. */
    Ref absent() {
        return absent;
    }

    /**
     * Declares a float graph input with the batch axis symbolic ({@link #BATCH_DIM}); an open axis
     * {@code i} ({@link Shape#UNKNOWN}) gets the symbolic size {@code <name>_dim<i>}.
     */
    Ref input(String name, Shape shape) {
        Ref r = define(name);
        inputs.add(valueInfo(name, shape, true));
        return r;
    }

    /** Declares {@code value} (of this context) as a float graph output of {@code shape} (open axes: no size). */
    void output(Ref value, Shape shape) {
        check(value);
        outputs.add(valueInfo(value.name(), shape, false));
    }

    /** A float initializer of {@code dims} from row-major {@code data}. */
    Ref floats(String base, float[] data, int... dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("initializer " + base + ": " + data.length
                    + " values for dims " + Arrays.toString(dims));
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return initializer(base, TensorProto.DataType.FLOAT, buf, dims);
    }

    /**
     * A float initializer of {@code dims} whose {@code size} values {@code values} makes. A large one
     * (at least {@value #DEFERRED_ELEMENTS} values) is deferred: its {@link TensorProto} has no
     * {@code raw_data}, and {@link OnnxModel} asks {@code values} for them only while writing that
     * initializer (e.g. a lazy weight is read from its file then, and dropped after), so that the
     * weights are never all copied at once. Small ones are made at once.
     */
    Ref floats(String base, int size, Supplier<float[]> values, int... dims) {
        if (size < DEFERRED_ELEMENTS) {
            return floats(base, values.get(), dims);
        }
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        if (n != size) {
            throw new IllegalArgumentException("initializer " + base + ": " + size + " values for dims "
                    + Arrays.toString(dims));
        }
        String name = uniqueName(base);
        define(name);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (int d : dims) {
            t.addDims(d);
        }
        initializers.put(name, t.build());
        deferred.put(name, new Deferred(size, values));
        return new Ref(this, name);
    }

    /** The values of float initializer {@code t}: its raw or float data, or those made for it. */
    float[] floatValues(TensorProto t) {
        Deferred kept = deferredValues(t);
        if (kept != null) {
            return kept.get(t.getName());
        }
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }

    /** The deferred values of initializer {@code t} (which has no data in its proto), else null. */
    Deferred deferredValues(TensorProto t) {
        if (!t.getRawData().isEmpty() || t.getFloatDataCount() > 0) {
            return null;
        }
        return deferred.get(t.getName());
    }

    /** A one-dimensional int64 initializer. */
    Ref longs(String base, long... values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return initializer(base, TensorProto.DataType.INT64, buf, values.length);
    }

    /** A one-dimensional int64 initializer from ints. */
    Ref longs(String base, int... values) {
        return longs(base, Arrays.stream(values).asLongStream().toArray());
    }

    /** A node with a generated output name derived from {@code opType}. */
    Ref node(String opType, List<Ref> in, AttributeProto... attrs) {
        return node(opType, uniqueName(namePrefix + opType), in, attrs);
    }

    /**
     * A node whose single output is called exactly {@code outputName} (a reserved or fresh name).
     *
     * @throws IllegalArgumentException if the name is already defined or an input is foreign
     */
    Ref node(String opType, String outputName, List<Ref> in, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType);
        for (Ref r : in) {
            check(r);
            b.addInput(r.name());
        }
        Ref out = define(outputName);
        b.addOutput(outputName).setName(outputName);
        b.addAllAttribute(Arrays.asList(attrs));
        nodes.add(b.build());
        return out;
    }

    /**
     * A node with {@code outputs} outputs, named after {@code base}; returns them in order.
     *
     * @throws IllegalArgumentException if an input is foreign
     */
    List<Ref> nodeWithOutputs(String opType, String base, int outputs, List<Ref> in, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType);
        for (Ref r : in) {
            check(r);
            b.addInput(r.name());
        }
        List<Ref> out = new ArrayList<>();
        for (int k = 0; k < outputs; k++) {
            String name = uniqueName(base);
            out.add(define(name));
            b.addOutput(name);
        }
        b.setName(out.get(0).name());
        b.addAllAttribute(Arrays.asList(attrs));
        nodes.add(b.build());
        return out;
    }

    /** A name not used nor reserved yet, derived from {@code base}; it is reserved on return. */
    String uniqueName(String base) {
        String candidate = base;
        int k = counters.getOrDefault(base, 0);
        while (reserved.contains(candidate) || defined.contains(candidate)) {
            k++;
            candidate = base + "_" + k;
        }
        counters.put(base, k);
        reserved.add(candidate);
        return candidate;
    }

    /** The nodes so far, in creation (topological) order; mutable for graph passes. */
    List<NodeProto> nodes() {
        return nodes;
    }

    /** The initializers by name; mutable for graph passes. */
    Map<String, TensorProto> initializers() {
        return initializers;
    }

    /** Names of the declared graph outputs. */
    Set<String> outputNames() {
        Set<String> s = new HashSet<>();
        for (ValueInfoProto v : outputs) {
            s.add(v.getName());
        }
        return s;
    }

    /** The deferred initializers still in the graph, by name. */
    Map<String, Deferred> deferredInitializers() {
        Map<String, Deferred> out = new LinkedHashMap<>();
        for (TensorProto t : initializers.values()) {
            Deferred kept = deferredValues(t);
            if (kept != null) {
                out.put(t.getName(), kept);
            }
        }
        return out;
    }

    /** The finished graph (deferred initializers without their values). */
    GraphProto build(String name) {
        return GraphProto.newBuilder().setName(name).addAllInput(inputs).addAllOutput(outputs)
                .addAllInitializer(initializers.values()).addAllNode(nodes).build();
    }

    private Ref initializer(String base, TensorProto.DataType type, ByteBuffer data, int... dims) {
        String name = uniqueName(base);
        define(name);
        initializers.put(name, tensor(name, type, data, dims));
        return new Ref(this, name);
    }

    /** An initializer tensor (not registered; for graph passes that rewrite constants). */
    static TensorProto tensor(String name, TensorProto.DataType type, ByteBuffer data, int... dims) {
        // the buffer is the caller's fresh copy, never written again: wrap it instead of copying it once more
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(UnsafeByteOperations.unsafeWrap(data.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private Ref define(String name) {
        if (name.isEmpty() || !defined.add(name)) {
            throw new IllegalArgumentException("ONNX value name '" + name + "' is empty or already defined");
        }
        return new Ref(this, name);
    }

    private void check(Ref r) {
        if (r.owner() != this) {
            throw new IllegalArgumentException("value '" + r.name() + "' belongs to another ONNX context");
        }
        if (r != absent && !defined.contains(r.name())) {
            throw new IllegalArgumentException("value '" + r.name() + "' is not defined");
        }
    }

    private static ValueInfoProto valueInfo(String name, Shape shape, boolean nameOpenAxes) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int i = 0; i < shape.rank(); i++) {
            int d = shape.dim(i);
            if (i > 0 && d == Shape.UNKNOWN) {
                s.addDim(nameOpenAxes ? TensorShapeProto.Dimension.newBuilder().setDimParam(name + "_dim" + i)
                        : TensorShapeProto.Dimension.newBuilder());
                continue;
            }
            s.addDim(d == Shape.BATCH ? TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto type = TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT.getNumber()).setShape(s)).build();
        return ValueInfoProto.newBuilder().setName(name).setType(type).build();
    }
}
