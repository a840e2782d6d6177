package keras1j.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Removes the layout round trips that per-op lowering leaves behind, run to a fixed point:
 * <ul>
 *   <li>an identity Transpose is bypassed;</li>
 *   <li>Transpose after Transpose becomes one Transpose of the first one's input (bypassed when
 *       the composition is the identity, e.g. NCHW -> NHWC -> NCHW between two convolutions);</li>
 *   <li>a Transpose feeding only a layout-agnostic op (element-wise activations, broadcasting
 *       arithmetic with constants, Softmax/Concat with a remapped axis, Pad, Slice and Resize with
 *       remapped constants) is moved below it, so that it can meet its inverse.</li>
 * </ul>
 * Graph outputs keep their names and values; dead nodes and unused initializers are removed.
 * Stateless between calls.
 */
final class TransposeOptimizer {
    private static final Set<String> UNARY = Set.of("Relu", "Tanh", "Sigmoid", "HardSigmoid", "Softplus",
            "Softsign", "Elu", "LeakyRelu", "Identity");
    private static final Set<String> BROADCASTING = Set.of("Add", "Mul", "Sum", "Mean", "Max", "PRelu");

    private final OnnxContext ctx;
    private final List<NodeProto> nodes;
    private final Map<String, TensorProto> initializers;
    private final Set<String> outputs;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();

    private TransposeOptimizer(OnnxContext ctx) {
        this.ctx = ctx;
        this.nodes = ctx.nodes();
        this.initializers = ctx.initializers();
        this.outputs = ctx.outputNames();
    }

    /** Rewrites the nodes and initializers of {@code ctx} in place. */
    static void optimize(OnnxContext ctx) {
        TransposeOptimizer t = new TransposeOptimizer(ctx);
        do {
            t.eliminateDeadNodes();
            t.index();
        } while (t.rewriteOnce());
        t.eliminateDeadNodes();
    }

    private void index() {
        producer.clear();
        consumers.clear();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            for (String o : n.getOutputList()) {
                producer.put(o, i);
            }
            for (String in : n.getInputList()) {
                consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
            }
        }
    }

    /** Applies the first applicable rewrite; false at the fixed point. */
    private boolean rewriteOnce() {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto n = nodes.get(i);
            if (n.getOpType().equals("Transpose")) {
                if (simplifyTranspose(i, n)) {
                    return true;
                }
            } else if (n.getOpType().equals("Identity") && renameIntoOutput(i, n)) {
                return true;
            } else if (sink(i, n)) {
                return true;
            }
        }
        return false;
    }

    private boolean simplifyTranspose(int i, NodeProto t) {
        int[] perm = OnnxAttr.intsOf(t.getAttributeList(), "perm");
        String in = t.getInput(0);
        if (isIdentity(perm)) {
            bypass(i, in);
            return true;
        }
        NodeProto src = producedTranspose(in);
        if (src == null) {
            return false;
        }
        int[] composed = Layouts.compose(OnnxAttr.intsOf(src.getAttributeList(), "perm"), perm);
        if (isIdentity(composed)) {
            bypass(i, src.getInput(0));
        } else {
            nodes.set(i, transpose(src.getInput(0), t.getOutput(0), composed));
        }
        return true;
    }

    /**
     * Drops an Identity that only renames an internal value into a graph output: the producer
     * writes the output directly.
     */
    private boolean renameIntoOutput(int i, NodeProto identity) {
        String in = identity.getInput(0);
        Integer p = producer.get(in);
        if (p == null || !onlyConsumer(in, i) || nodes.get(p).getOutputCount() != 1) {
            return false;
        }
        String out = identity.getOutput(0);
        nodes.set(p, nodes.get(p).toBuilder().setOutput(0, out).setName(out).build());
        nodes.remove(i);
        return true;
    }

    /** Makes every consumer of node {@code i}'s output read {@code source} instead. */
    private void bypass(int i, String source) {
        NodeProto n = nodes.get(i);
        String out = n.getOutput(0);
        if (outputs.contains(out)) {
            nodes.set(i, NodeProto.newBuilder().setOpType("Identity").setName(n.getName()).addInput(source)
                    .addOutput(out).build());
            return;
        }
        for (int c : consumers.getOrDefault(out, List.of())) {
            NodeProto cn = nodes.get(c);
            NodeProto.Builder b = cn.toBuilder();
            for (int k = 0; k < cn.getInputCount(); k++) {
                if (cn.getInput(k).equals(out)) {
                    b.setInput(k, source);
                }
            }
            nodes.set(c, b.build());
        }
        nodes.remove(i);
    }

    /**
     * Moves the Transposes feeding node {@code i} below it when that is exact and adds no
     * Transpose: every data input is either a Transpose by one common perm or (for broadcasting
     * ops) a float constant, which is permuted instead; and at least one of those Transposes feeds
     * only this node, so that it disappears while one is added below. Transposes that also feed
     * other nodes stay for them.
     */
    private boolean sink(int i, NodeProto n) {
        String op = n.getOpType();
        boolean broadcasting = BROADCASTING.contains(op);
        boolean axisAttr = op.equals("Softmax") || op.equals("Concat");
        int axisConstant = switch (op) {
            case "Pad" -> n.getInputCount() <= 3 ? 1 : -1;
            case "Slice" -> 3;
            case "Resize" -> n.getInputCount() == 3 && n.getInput(1).isEmpty() ? 2 : -1;
            default -> -1;
        };
        if (!(UNARY.contains(op) || broadcasting || axisAttr || axisConstant > 0) || n.getOutputCount() != 1) {
            return false;
        }
        int dataInputs = broadcasting || op.equals("Concat") ? n.getInputCount() : 1;
        String[] inputs = n.getInputList().toArray(new String[0]);
        int[] perm = null;
        boolean removesOne = false;
        for (int k = 0; k < dataInputs; k++) {
            NodeProto t = producedTranspose(inputs[k]);
            if (t != null) {
                int[] p = OnnxAttr.intsOf(t.getAttributeList(), "perm");
                if (perm != null && !Arrays.equals(perm, p)) {
                    return false;
                }
                perm = p;
                removesOne |= onlyConsumer(inputs[k], i);
                inputs[k] = t.getInput(0);
            } else if (!(broadcasting && isFloatConstant(inputs[k]))) {
                return false;
            }
        }
        if (!removesOne) {
            // every feeding Transpose stays for other consumers: moving would add one
            return false;
        }
        Map<Integer, TensorProto> constants = new HashMap<>();
        for (int k = 0; k < dataInputs; k++) {
            if (inputs[k].equals(n.getInput(k))) {
                TensorProto c = permuteBroadcastConstant(initializers.get(inputs[k]), inverse(perm));
                if (c == null) {
                    return false;
                }
                constants.put(k, c);
            }
        }
        if (axisConstant > 0) {
            TensorProto c = axisConstant < n.getInputCount() ? axisConstant(op, n.getInput(axisConstant), perm) : null;
            if (c == null) {
                return false;
            }
            constants.put(axisConstant, c);
        }
        NodeProto.Builder moved = n.toBuilder().clearInput().clearAttribute();
        for (int k = 0; k < inputs.length; k++) {
            TensorProto c = constants.get(k);
            if (c == null) {
                moved.addInput(inputs[k]);
            } else {
                String name = ctx.uniqueName(n.getInput(k) + "_t");
                initializers.put(name, c.toBuilder().setName(name).build());
                moved.addInput(name);
            }
        }
        for (AttributeProto a : n.getAttributeList()) {
            if (axisAttr && a.getName().equals("axis")) {
                moved.addAttribute(a.toBuilder().setI(perm[(int) normalize(a.getI(), perm.length)]));
            } else {
                moved.addAttribute(a);
            }
        }
        String out = n.getOutput(0);
        String inner = ctx.uniqueName(out + "_" + op);
        moved.setOutput(0, inner).setName(inner);
        nodes.set(i, moved.build());
        nodes.add(i + 1, transpose(inner, out, perm));
        return true;
    }

    private boolean isFloatConstant(String name) {
        TensorProto t = initializers.get(name);
        return t != null && t.getDataType() == TensorProto.DataType.FLOAT.getNumber();
    }

    /** The per-axis constant of Pad (pads), Slice (axes) or Resize (scales) in the untransposed layout. */
    private TensorProto axisConstant(String op, String name, int[] perm) {
        TensorProto t = initializers.get(name);
        if (t == null) {
            return null;
        }
        int rank = perm.length;
        if (op.equals("Pad")) {
            long[] pads = longs(t);
            long[] out = new long[pads.length];
            for (int i = 0; i < rank; i++) {
                out[perm[i]] = pads[i];
                out[rank + perm[i]] = pads[rank + i];
            }
            return longTensor(out);
        }
        if (op.equals("Slice")) {
            long[] axes = longs(t);
            long[] out = new long[axes.length];
            for (int i = 0; i < axes.length; i++) {
                out[i] = perm[(int) normalize(axes[i], rank)];
            }
            return longTensor(out);
        }
        if (op.equals("Resize")) {
            float[] scales = ctx.floatValues(t);
            float[] out = new float[scales.length];
            for (int i = 0; i < rank; i++) {
                out[perm[i]] = scales[i];
            }
            return floatTensor(out, out.length);
        }
        return null;
    }

    /**
     * A constant {@code c} broadcast against {@code T_perm(x)} equals {@code T_perm} of {@code c'}
     * broadcast against {@code x}, with {@code c'} = c (left-padded to full rank) permuted by the
     * inverse perm.
     */
    private TensorProto permuteBroadcastConstant(TensorProto c, int[] inverse) {
        int rank = inverse.length;
        if (c.getDimsCount() > rank) {
            return null;
        }
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        for (int i = 0; i < c.getDimsCount(); i++) {
            dims[rank - c.getDimsCount() + i] = Math.toIntExact(c.getDims(i));
        }
        float[] data = Layouts.permute(ctx.floatValues(c), dims, inverse);
        return floatTensor(data, Layouts.permuteShape(dims, inverse));
    }

    private NodeProto producedTranspose(String value) {
        Integer p = producer.get(value);
        if (p == null) {
            return null;
        }
        NodeProto n = nodes.get(p);
        return n.getOpType().equals("Transpose") ? n : null;
    }

    private boolean onlyConsumer(String value, int node) {
        if (outputs.contains(value)) {
            return false;
        }
        for (int c : consumers.getOrDefault(value, List.of())) {
            if (c != node) {
                return false;
            }
        }
        return true;
    }

    private void eliminateDeadNodes() {
        Set<String> live = new HashSet<>(outputs);
        Deque<NodeProto> keep = new ArrayDeque<>();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto n = nodes.get(i);
            boolean needed = false;
            for (String o : n.getOutputList()) {
                needed |= live.contains(o);
            }
            if (needed) {
                live.addAll(n.getInputList());
                keep.addFirst(n);
            }
        }
        nodes.clear();
        nodes.addAll(keep);
        initializers.keySet().retainAll(live);
    }

    private static NodeProto transpose(String in, String out, int[] perm) {
        return NodeProto.newBuilder().setOpType("Transpose").setName(out).addInput(in).addOutput(out)
                .addAttribute(OnnxAttr.ints("perm", perm)).build();
    }

    private static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    private static long normalize(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    private static long[] longs(TensorProto t) {
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long[] out = new long[b.remaining() / 8];
            b.asLongBuffer().get(out);
            return out;
        }
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
    }

    private static TensorProto longTensor(long[] values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return OnnxContext.tensor("", TensorProto.DataType.INT64, buf, values.length);
    }

    private static TensorProto floatTensor(float[] values, int... dims) {
        ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return OnnxContext.tensor("", TensorProto.DataType.FLOAT, buf, dims);
    }
}
