package keras1j.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import keras1j.errors.InvalidModelException;
import keras1j.errors.UnsupportedFeatureException;
import keras1j.onnx.OnnxContext.Ref;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.ir.pass.GraphOptimizer;
import keras1j.runtime.tensor.Tensor;

/**
 * Lowers an IR {@link Graph} to an ONNX model: every IR value becomes the ONNX value of the same
 * name, in the IR layout; spatial ops run channels-first between Transposes that
 * {@link TransposeOptimizer} later cancels. The single dispatch over the sealed {@link Op} is
 * {@link #lowerOp}. One instance per export; not thread-safe.
 */
final class OnnxLowering {
    private static final String DOMAIN = "";

    private final Graph graph;
    private final OnnxExportOptions options;
    private final int opset;
    private final OnnxContext ctx = new OnnxContext();
    private final Map<String, Ref> values = new HashMap<>();
    private final boolean clampIds;

    private OnnxLowering(Graph graph, OnnxExportOptions options, boolean clampIds) {
        graph.requireWeights("export to ONNX");
        this.clampIds = clampIds;
        this.graph = graph;
        this.options = options;
        this.opset = options.opset();
    }

    /**
     * Lowers {@code graph} with {@code outputs} as the model outputs (each the ONNX output
     * {@code name} holding IR value {@code value}).
     */
    static OnnxModel lower(Graph graph, OnnxExportOptions options, List<GraphOutput> outputs) {
        return new OnnxLowering(prepared(graph, options, outputs), options, false).run(outputs);
    }

    /**
     * Like {@link #lower}, but embedding ids are clipped into the table before the lookup, so that
     * ONNX Runtime never fails on them: for engines that check the ids themselves afterwards.
     */
    static OnnxModel lowerWithClampedIds(Graph graph, OnnxExportOptions options, List<GraphOutput> outputs) {
        return new OnnxLowering(prepared(graph, options, outputs), options, true).run(outputs);
    }

    /**
     * {@code graph} after the standard IR passes when the options ask for them, keeping every value
     * that {@code outputs} exposes (intermediate values an engine evaluates survive under their names).
     */
    static Graph prepared(Graph graph, OnnxExportOptions options, List<GraphOutput> outputs) {
        graph.requireWeights("export to ONNX");
        if (!options.graphPasses()) {
            return graph;
        }
        List<String> keep = new ArrayList<>(outputs.size());
        for (GraphOutput o : outputs) {
            if (graph.hasValue(o.value())) {
                keep.add(o.value());
            }
        }
        return GraphOptimizer.optimize(graph, keep);
    }

    private OnnxModel run(List<GraphOutput> outputs) {
        for (GraphInput in : graph.inputs()) {
            ctx.reserve(in.name());
        }
        for (Node n : graph.nodes()) {
            ctx.reserve(n.name());
        }
        for (GraphOutput o : outputs) {
            ctx.reserve(o.name());
        }
        for (GraphInput in : graph.inputs()) {
            values.put(in.name(), ctx.input(in.name(), in.shape()));
        }
        for (Node n : graph.nodes()) {
            List<Ref> in = new ArrayList<>(n.inputs().size());
            for (String i : n.inputs()) {
                in.add(values.get(i));
            }
            values.put(n.name(), lowerOp(n, in));
        }
        for (GraphOutput o : outputs) {
            Ref value = values.get(o.value());
            if (value == null) {
                throw new InvalidModelException("graph output '" + o.name() + "' refers to unknown value '"
                        + o.value() + "'");
            }
            if (!o.name().equals(o.value())) {
                if (graph.hasValue(o.name())) {
                    throw new UnsupportedFeatureException("cannot export output '" + o.name() + "' of value '"
                            + o.value() + "': another value has that name");
                }
                value = ctx.node("Identity", o.name(), List.of(value));
            }
            ctx.output(value, graph.shapeOf(o.value()));
        }
        TransposeOptimizer.optimize(ctx);
        return new OnnxModel(model(), ctx.deferredInitializers(), options.weightProgress());
    }

    private ModelProto model() {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(options.irVersion())
                .setProducerName(OnnxExporter.PRODUCER_NAME)
                .setProducerVersion(OnnxExporter.PRODUCER_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(DOMAIN).setVersion(opset))
                .setGraph(ctx.build(graphName()));
        StringBuilder doc = new StringBuilder("Keras 1 model exported by keras1j");
        for (String key : List.of("source", "keras_version", "backend", "dim_ordering")) {
            String v = graph.metadata().get(key);
            if (v != null) {
                doc.append("; ").append(key).append('=').append(v);
            }
        }
        m.setDocString(doc.toString());
        graph.metadata().forEach((k, v) -> m.addMetadataProps(
                StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    private String graphName() {
        String source = graph.metadata().get("source");
        if (source == null || source.isBlank()) {
            return "keras1j";
        }
        String base = source.replace('\\', '/');
        return base.substring(base.lastIndexOf('/') + 1);
    }

    /** The one place that maps every IR op to ONNX; returns the value named like the node. */
    private Ref lowerOp(Node n, List<Ref> in) {
        Op op = n.op();
        if (op instanceof Conv c) {
            return conv(n, c, in.get(0));
        } else if (op instanceof ConvTranspose c) {
            return convTranspose(n, c, in.get(0));
        } else if (op instanceof Pool p) {
            return pool(n, p, in.get(0));
        } else if (op instanceof GlobalPool p) {
            return globalPool(n, p, in.get(0));
        } else if (op instanceof Pad p) {
            return pad(n, p, in.get(0));
        } else if (op instanceof Crop c) {
            return crop(n, c, in.get(0));
        } else if (op instanceof Upsample u) {
            return upsample(n, u, in.get(0));
        } else if (op instanceof Dense d) {
            return dense(n, d, in.get(0));
        } else if (op instanceof ChannelAffine a) {
            return channelAffine(n, a, in.get(0));
        } else if (op instanceof Activation a) {
            return activation(n, a, in.get(0));
        } else if (op instanceof Softmax s) {
            return ctx.node("Softmax", n.name(), in, OnnxAttr.i("axis", s.axis()));
        } else if (op instanceof PRelu p) {
            Tensor alpha = p.alpha();
            return ctx.node("PRelu", n.name(), List.of(in.get(0),
                    ctx.floats(n.name() + "_alpha", alpha.size(), alpha::readData, alpha.shape())));
        } else if (op instanceof Elementwise e) {
            return elementwise(n, e, in);
        } else if (op instanceof Concat c) {
            return ctx.node("Concat", n.name(), in, OnnxAttr.i("axis", c.axis()));
        } else if (op instanceof Reshape r) {
            long[] shape = new long[r.sampleShape().length + 1];
            for (int i = 0; i < r.sampleShape().length; i++) {
                shape[i + 1] = r.sampleShape()[i];
            }
            return ctx.node("Reshape", n.name(), List.of(in.get(0), ctx.longs(n.name() + "_shape", shape)));
        } else if (op instanceof Transpose t) {
            return ctx.node("Transpose", n.name(), in, OnnxAttr.ints("perm", t.perm()));
        } else if (op instanceof RepeatVector r) {
            Ref unsqueezed = ctx.node("Unsqueeze", List.of(in.get(0), ctx.longs(n.name() + "_axes", 1L)));
            return ctx.node("Tile", n.name(), List.of(unsqueezed,
                    ctx.longs(n.name() + "_repeats", 1L, r.times(), 1L)));
        } else if (op instanceof Gather g) {
            Tensor table = g.table();
            Ref raw = in.get(0);
            if (clampIds) {
                raw = ctx.node("Clip", List.of(raw, ctx.floats(n.name() + "_min", new float[] {0f}),
                        ctx.floats(n.name() + "_max", new float[] {table.dim(0) - 1})));
            }
            Ref ids = ctx.node("Cast", List.of(raw), OnnxAttr.i("to", TensorProto.DataType.INT64.getNumber()));
            Ref tableRef = ctx.floats(n.name() + "_table", table.size(), table::readData, table.shape());
            return ctx.node("Gather", n.name(), List.of(tableRef,
                    ids), OnnxAttr.i("axis", 0));
        } else if (op instanceof keras1j.runtime.ir.BatchMatMul) {
            return ctx.node("MatMul", n.name(), in);
        } else if (op instanceof keras1j.runtime.ir.Cosine c) {
            return cosine(n, c, in);
        } else if (op instanceof keras1j.runtime.ir.CosineRatio c) {
            Ref norm = ctx.node("Sqrt", List.of(ctx.node("Mul", List.of(in.get(1), in.get(2)))));
            Ref den = ctx.node("Max", List.of(norm, ctx.floats(n.name() + "_eps", new float[] {c.epsilon()})));
            return ctx.node("Div", n.name(), List.of(in.get(0), den));
        } else if (op instanceof keras1j.runtime.ir.Standardize s) {
            return standardize(n, s, in.get(0));
        } else if (op instanceof keras1j.runtime.ir.LocallyConnected l) {
            return locallyConnected(n, l, in.get(0));
        } else if (op instanceof keras1j.runtime.ir.SRelu s) {
            return srelu(n, s, in.get(0));
        } else if (op instanceof keras1j.runtime.ir.SampleAffine a) {
            Tensor scale = a.scale();
            Ref y = ctx.node("Mul", a.shift() == null ? n.name() : ctx.uniqueName("Mul"), List.of(in.get(0),
                    ctx.floats(n.name() + "_scale", scale.data(), scale.shape())));
            return a.shift() == null ? y : ctx.node("Add", n.name(), List.of(y,
                    ctx.floats(n.name() + "_shift", a.shift().data(), a.shift().shape())));
        } else if (op instanceof keras1j.runtime.ir.Recurrent r) {
            return SequenceLowering.recurrent(ctx, n, r, in);
        } else if (op instanceof keras1j.runtime.ir.StepMask m) {
            return SequenceLowering.stepMask(ctx, n, m, in.get(0), graph.shapeOf(n.inputs().get(0)).rank());
        } else if (op instanceof keras1j.runtime.ir.MaskSteps) {
            return SequenceLowering.maskSteps(ctx, n, in.get(0), in.get(1), graph.shapeOf(n.inputs().get(0)).rank());
        }
        throw new AssertionError("no ONNX lowering for op " + op.opName());
    }

    /** {@code <a, b> / max(sqrt(<a, a> <b, b>), eps)} over the last axis, kept as size 1. */
    private Ref cosine(Node n, keras1j.runtime.ir.Cosine c, List<Ref> in) {
        Ref axes = ctx.longs(n.name() + "_axes", -1L);
        Ref ab = ctx.node("ReduceSum", List.of(ctx.node("Mul", List.of(in.get(0), in.get(1))), axes),
                OnnxAttr.i("keepdims", 1));
        Ref aa = ctx.node("ReduceSum", List.of(ctx.node("Mul", List.of(in.get(0), in.get(0))), axes),
                OnnxAttr.i("keepdims", 1));
        Ref bb = ctx.node("ReduceSum", List.of(ctx.node("Mul", List.of(in.get(1), in.get(1))), axes),
                OnnxAttr.i("keepdims", 1));
        Ref norm = ctx.node("Sqrt", List.of(ctx.node("Mul", List.of(aa, bb))));
        Ref den = ctx.node("Max", List.of(norm, ctx.floats(n.name() + "_eps", new float[] {c.epsilon()})));
        return ctx.node("Div", n.name(), List.of(ab, den));
    }

    /** Mean and biased variance by ReduceMean over the axes (an attribute up to opset 17). */
    private Ref standardize(Node n, keras1j.runtime.ir.Standardize s, Ref x) {
        Ref mean = ctx.node("ReduceMean", List.of(x), OnnxAttr.ints("axes", s.axes()), OnnxAttr.i("keepdims", 1));
        Ref d = ctx.node("Sub", List.of(x, mean));
        Ref var = ctx.node("ReduceMean", List.of(ctx.node("Mul", List.of(d, d))), OnnxAttr.ints("axes", s.axes()),
                OnnxAttr.i("keepdims", 1));
        Ref std = ctx.node("Sqrt", List.of(ctx.node("Add", List.of(var,
                ctx.floats(n.name() + "_eps", new float[] {s.epsilon()})))));
        if (s.outerEpsilon() != 0f) {
            std = ctx.node("Add", List.of(std, ctx.floats(n.name() + "_outer_eps", new float[] {s.outerEpsilon()})));
        }
        return ctx.node("Div", n.name(), List.of(d, std));
    }

    /**
     * Patches by one Gather over the flattened spatial axes ({@code [N, S, C] -> [N, P*T, C]}), then
     * one batched MatMul with the per-position kernels ({@code [P, N, K] x [P, K, F]}).
     */
    private Ref locallyConnected(Node n, keras1j.runtime.ir.LocallyConnected l, Ref x) {
        Shape in = graph.shapeOf(n.inputs().get(0));
        int r = l.spatialRank();
        int[] spatial = Arrays.copyOfRange(in.dims(), 1, r + 1);
        int cin = in.dim(-1);
        int[] out = Arrays.copyOfRange(n.shape().dims(), 1, r + 1);
        int positions = l.kernel().dim(0);
        int taps = 1;
        int size = 1;
        for (int a = 0; a < r; a++) {
            taps *= l.kernelSize()[a];
            size *= spatial[a];
        }
        long[] indices = new long[positions * taps];
        int[] q = new int[r];
        int[] j = new int[r];
        for (int p = 0; p < positions; p++) {
            unravel(p, out, q);
            for (int t = 0; t < taps; t++) {
                unravel(t, l.kernelSize(), j);
                long flat = 0;
                for (int a = 0; a < r; a++) {
                    flat = flat * spatial[a] + (long) q[a] * l.strides()[a] + j[a];
                }
                indices[p * taps + t] = flat;
            }
        }
        int f = l.outChannels();
        Ref flatX = ctx.node("Reshape", List.of(x, ctx.longs(n.name() + "_flat", 0L, size, cin)));
        Ref patches = ctx.node("Gather", List.of(flatX, ctx.longs(n.name() + "_indices", indices)),
                OnnxAttr.i("axis", 1));
        Ref rows = ctx.node("Reshape", List.of(patches, ctx.longs(n.name() + "_rows", 0L, positions,
                (long) taps * cin)));
        Ref byPosition = ctx.node("Transpose", List.of(rows), OnnxAttr.ints("perm", new int[] {1, 0, 2}));
        Tensor k = l.kernel();
        Ref y = ctx.node("MatMul", List.of(byPosition, ctx.floats(n.name() + "_W", k.data(), k.shape())));
        y = ctx.node("Transpose", List.of(y), OnnxAttr.ints("perm", new int[] {1, 0, 2}));
        if (l.bias() != null) {
            y = ctx.node("Add", List.of(y, ctx.floats(n.name() + "_B", l.bias(), positions, f)));
        }
        long[] shape = new long[r + 2];
        for (int a = 0; a < r; a++) {
            shape[a + 1] = out[a];
        }
        shape[r + 1] = f;
        return ctx.node("Reshape", n.name(), List.of(y, ctx.longs(n.name() + "_shape", shape)));
    }

    private static void unravel(int flat, int[] dims, int[] idx) {
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = flat % dims[a];
            flat /= dims[a];
        }
    }

    /** {@code tl + min(PRelu(x - tl, al), tr - tl) + ar * Relu(x - tr)}. */
    private Ref srelu(Node n, keras1j.runtime.ir.SRelu s, Ref x) {
        int[] dims = s.tLeft().shape();
        float[] tl = s.tLeft().data();
        float[] tr = s.tRight().data();
        float[] width = new float[tl.length];
        for (int i = 0; i < width.length; i++) {
            width[i] = tr[i] - tl[i];
        }
        Ref tLeft = ctx.floats(n.name() + "_t_left", tl, dims);
        Ref tRight = ctx.floats(n.name() + "_t_right", tr, dims);
        Ref left = ctx.node("PRelu", List.of(ctx.node("Sub", List.of(x, tLeft)),
                ctx.floats(n.name() + "_a_left", s.aLeft().data(), dims)));
        Ref center = ctx.node("Add", List.of(tLeft, ctx.node("Min", List.of(left,
                ctx.floats(n.name() + "_width", width, dims)))));
        Ref right = ctx.node("Mul", List.of(ctx.node("Relu", List.of(ctx.node("Sub", List.of(x, tRight)))),
                ctx.floats(n.name() + "_a_right", s.aRight().data(), dims)));
        return ctx.node("Add", n.name(), List.of(center, right));
    }

    private Ref toChannelsFirst(Ref x, int rank) {
        return ctx.node("Transpose", List.of(x), OnnxAttr.ints("perm", Layouts.toChannelsFirst(rank)));
    }

    private Ref toChannelsLast(Ref x, int rank, String name) {
        return ctx.node("Transpose", name, List.of(x), OnnxAttr.ints("perm", Layouts.toChannelsLast(rank)));
    }

    private Ref conv(Node n, Conv c, Ref x) {
        int r = c.spatialRank();
        Tensor k = c.kernel();
        // [k1..kr, Cin/g, Cout] -> [Cout, Cin/g, k1..kr]
        int[] perm = new int[r + 2];
        perm[0] = r + 1;
        perm[1] = r;
        for (int i = 0; i < r; i++) {
            perm[i + 2] = i;
        }
        List<Ref> inputs = new ArrayList<>(List.of(toChannelsFirst(x, r + 2),
                ctx.floats(n.name() + "_W", k.size(), () -> Layouts.permute(k.readData(), k.shape(), perm),
                        Layouts.permuteShape(k.shape(), perm))));
        if (c.bias() != null) {
            inputs.add(ctx.floats(n.name() + "_B", c.bias(), c.bias().length));
        }
        Ref y = ctx.node("Conv", inputs,
                OnnxAttr.ints("kernel_shape", c.kernelSize()),
                OnnxAttr.ints("strides", c.strides()),
                OnnxAttr.ints("dilations", c.dilations()),
                OnnxAttr.ints("pads", concat(c.padsBegin(), c.padsEnd())),
                OnnxAttr.i("group", c.groups()));
        return toChannelsLast(y, r + 2, n.name());
    }

    /**
     * ONNX ConvTranspose with explicit pads: the full output {@code (n-1)*s + k} is cropped by
     * {@code padsBegin} and by an end pad down to {@code outputSize}; a larger {@code outputSize}
     * is reached with {@code output_padding} (which ONNX Runtime requires below the stride) or,
     * beyond that, a zero Pad before the bias is added.
     */
    private Ref convTranspose(Node n, ConvTranspose c, Ref x) {
        int r = c.spatialRank();
        Tensor k = c.kernel();
        Shape inShape = graph.shapeOf(n.inputs().get(0));
        if (inShape.hasOpenSampleDims()) {
            throw new UnsupportedFeatureException("node '" + n.name() + "' (ConvTranspose): its ONNX padding depends on "
                    + "the input size, which is open in " + inShape);
        }
        int[] padsEnd = new int[r];
        int[] outputPadding = new int[r];
        int[] extra = new int[r];
        boolean needsPad = false;
        for (int i = 0; i < r; i++) {
            int avail = c.fullSize(i, inShape.dim(i + 1)) - c.padsBegin()[i];
            if (avail < 1) {
                throw new UnsupportedFeatureException("node '" + n.name() + "' (ConvTranspose): padsBegin "
                        + c.padsBegin()[i] + " crops the whole output on spatial axis " + i);
            }
            int out = c.outputSize()[i];
            if (out <= avail) {
                padsEnd[i] = avail - out;
            } else if (out - avail < c.strides()[i]) {
                outputPadding[i] = out - avail;
            } else {
                extra[i] = out - avail;
                needsPad = true;
            }
        }
        // [k1..kr, Cin, Cout] -> [Cin, Cout, k1..kr]
        int[] perm = new int[r + 2];
        perm[0] = r;
        perm[1] = r + 1;
        for (int i = 0; i < r; i++) {
            perm[i + 2] = i;
        }
        List<Ref> inputs = new ArrayList<>(List.of(toChannelsFirst(x, r + 2),
                ctx.floats(n.name() + "_W", k.size(), () -> Layouts.permute(k.readData(), k.shape(), perm),
                        Layouts.permuteShape(k.shape(), perm))));
        int cout = c.outChannels();
        if (c.bias() != null && !needsPad) {
            inputs.add(ctx.floats(n.name() + "_B", c.bias(), cout));
        }
        Ref y = ctx.node("ConvTranspose", inputs,
                OnnxAttr.ints("kernel_shape", Arrays.copyOf(k.shape(), r)),
                OnnxAttr.ints("strides", c.strides()),
                OnnxAttr.ints("pads", concat(c.padsBegin(), padsEnd)),
                OnnxAttr.ints("output_padding", outputPadding));
        if (needsPad) {
            long[] pads = new long[2 * (r + 2)];
            for (int i = 0; i < r; i++) {
                pads[r + 2 + i + 2] = extra[i];
            }
            y = ctx.node("Pad", List.of(y, ctx.longs(n.name() + "_pads", pads)));
            if (c.bias() != null) {
                int[] dims = new int[r + 2];
                Arrays.fill(dims, 1);
                dims[1] = cout;
                y = ctx.node("Add", List.of(y, ctx.floats(n.name() + "_B", c.bias(), dims)));
            }
        }
        return toChannelsLast(y, r + 2, n.name());
    }

    private Ref pool(Node n, Pool p, Ref x) {
        int rank = p.spatialRank() + 2;
        List<Ref> in = List.of(toChannelsFirst(x, rank));
        Ref y = p.kind() == PoolKind.MAX
                ? ctx.node("MaxPool", in, OnnxAttr.ints("kernel_shape", p.kernel()),
                        OnnxAttr.ints("strides", p.strides()), OnnxAttr.ints("pads", concat(p.padsBegin(), p.padsEnd())))
                : ctx.node("AveragePool", in, OnnxAttr.ints("kernel_shape", p.kernel()),
                        OnnxAttr.ints("strides", p.strides()), OnnxAttr.ints("pads", concat(p.padsBegin(), p.padsEnd())),
                        OnnxAttr.i("count_include_pad", 0));
        return toChannelsLast(y, rank, n.name());
    }

    private Ref globalPool(Node n, GlobalPool p, Ref x) {
        int rank = graph.shapeOf(n.inputs().get(0)).rank();
        Ref y = ctx.node(p.kind() == PoolKind.MAX ? "GlobalMaxPool" : "GlobalAveragePool",
                List.of(toChannelsFirst(x, rank)));
        return ctx.node("Flatten", n.name(), List.of(y), OnnxAttr.i("axis", 1));
    }

    private Ref pad(Node n, Pad p, Ref x) {
        return ctx.node("Pad", n.name(), List.of(x, ctx.longs(n.name() + "_pads", concat(p.begin(), p.end()))),
                OnnxAttr.s("mode", "constant"));
    }

    private Ref crop(Node n, Crop c, Ref x) {
        Shape in = graph.shapeOf(n.inputs().get(0));
        int axes = in.rank() - 1;
        long[] starts = new long[axes];
        long[] ends = new long[axes];
        long[] axisList = new long[axes];
        for (int i = 1; i < in.rank(); i++) {
            starts[i - 1] = c.begin()[i];
            ends[i - 1] = c.end()[i] == 0 ? Long.MAX_VALUE : -c.end()[i]; // shape-agnostic (open sizes)
            axisList[i - 1] = i;
        }
        return ctx.node("Slice", n.name(), List.of(x, ctx.longs(n.name() + "_starts", starts),
                ctx.longs(n.name() + "_ends", ends), ctx.longs(n.name() + "_axes", axisList)));
    }

    private Ref upsample(Node n, Upsample u, Ref x) {
        float[] scales = new float[u.factors().length];
        for (int i = 0; i < scales.length; i++) {
            scales[i] = u.factors()[i];
        }
        return ctx.node("Resize", n.name(), List.of(x, ctx.absent(),
                ctx.floats(n.name() + "_scales", scales, scales.length)),
                OnnxAttr.s("mode", "nearest"),
                OnnxAttr.s("coordinate_transformation_mode", "asymmetric"),
                OnnxAttr.s("nearest_mode", "floor"));
    }

    private Ref dense(Node n, Dense d, Ref x) {
        Tensor w = d.weights();
        Ref weights = ctx.floats(n.name() + "_W", w.size(), w::readData, w.shape());
        int rank = graph.shapeOf(n.inputs().get(0)).rank();
        if (rank == 2) {
            List<Ref> in = new ArrayList<>(List.of(x, weights));
            if (d.bias() != null) {
                in.add(ctx.floats(n.name() + "_B", d.bias(), d.bias().length));
            }
            return ctx.node("Gemm", n.name(), in);
        }
        if (d.bias() == null) {
            return ctx.node("MatMul", n.name(), List.of(x, weights));
        }
        Ref y = ctx.node("MatMul", List.of(x, weights));
        return ctx.node("Add", n.name(), List.of(y, ctx.floats(n.name() + "_B", d.bias(), d.bias().length)));
    }

    private Ref channelAffine(Node n, ChannelAffine a, Ref x) {
        int rank = graph.shapeOf(n.inputs().get(0)).rank();
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        dims[a.axis()] = a.scale().length;
        Ref scaled = ctx.node("Mul", List.of(x, ctx.floats(n.name() + "_scale", a.scale(), dims)));
        return ctx.node("Add", n.name(), List.of(scaled, ctx.floats(n.name() + "_shift", a.shift(), dims)));
    }

    private Ref activation(Node n, Activation a, Ref x) {
        List<Ref> in = List.of(x);
        String name = n.name();
        return switch (a.kind()) {
            case RELU -> ctx.node("Relu", name, in);
            case TANH -> ctx.node("Tanh", name, in);
            case SIGMOID -> ctx.node("Sigmoid", name, in);
            case HARD_SIGMOID -> ctx.node("HardSigmoid", name, in, OnnxAttr.f("alpha", 0.2f), OnnxAttr.f("beta", 0.5f));
            case SOFTPLUS -> ctx.node("Softplus", name, in);
            case SOFTSIGN -> ctx.node("Softsign", name, in);
            case ELU -> ctx.node("Elu", name, in, OnnxAttr.f("alpha", a.alpha()));
            case LEAKY_RELU -> ctx.node("LeakyRelu", name, in, OnnxAttr.f("alpha", a.alpha()));
            case THRESHOLDED_RELU -> ctx.node("ThresholdedRelu", name, in, OnnxAttr.f("alpha", a.alpha()));
        };
    }

    private Ref elementwise(Node n, Elementwise e, List<Ref> in) {
        return switch (e.kind()) {
            case SUM -> ctx.node("Sum", n.name(), in);
            case AVERAGE -> ctx.node("Mean", n.name(), in);
            case MAX -> ctx.node("Max", n.name(), in);
            case PRODUCT -> {
                Ref acc = in.get(0);
                for (int i = 1; i < in.size() - 1; i++) {
                    acc = ctx.node("Mul", List.of(acc, in.get(i)));
                }
                yield ctx.node("Mul", n.name(), List.of(acc, in.get(in.size() - 1)));
            }
        };
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
