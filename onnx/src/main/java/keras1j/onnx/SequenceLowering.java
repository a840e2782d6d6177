package keras1j.onnx;

import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import keras1j.onnx.OnnxContext.Ref;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Recurrent;
import keras1j.runtime.ir.RecurrentCell;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.StepMask;

/**
 * Lowers the sequence ops. A {@link Recurrent} op without mask becomes ONNX {@code RNN}, {@code GRU}
 * ({@code linear_before_reset=0}: Keras 1 applies the reset gate before the recurrent product) or
 * {@code LSTM} (gates reordered to ONNX's i, o, f, c; Keras' hard_sigmoid is ONNX HardSigmoid with alpha
 * 0.2 and beta 0.5; linear is Affine(1, 0)), {@code direction=reverse} for {@code go_backwards}, with
 * the output re-reversed into Keras' processing order where needed. With a mask (arbitrary masked steps,
 * which ONNX's {@code sequence_lens} cannot express) it becomes the input projection of all steps as one
 * MatMul, then a {@code Scan} over time whose body computes the cell and keeps the states of masked
 * steps. Neither form fixes the sequence length. Stateless.
 */
final class SequenceLowering {
    private SequenceLowering() {
    }

    /** {@link StepMask}: {@code Not(Equal(x, value))} as float, reduced by max over the axes after 1. */
    static Ref stepMask(OnnxContext ctx, Node n, StepMask m, Ref x, int rank) {
        Ref eq = ctx.node("Equal", List.of(x, ctx.floats(n.name() + "_value", new float[] {m.value()})));
        Ref ne = ctx.node("Not", List.of(eq));
        if (rank == 2) {
            return ctx.node("Cast", n.name(), List.of(ne), OnnxAttr.i("to", TensorProto.DataType.FLOAT.getNumber()));
        }
        Ref f = ctx.node("Cast", List.of(ne), OnnxAttr.i("to", TensorProto.DataType.FLOAT.getNumber()));
        int[] axes = new int[rank - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        return ctx.node("ReduceMax", n.name(), List.of(f), OnnxAttr.ints("axes", axes), OnnxAttr.i("keepdims", 0));
    }

    /** {@link keras1j.runtime.ir.MaskSteps}: {@code x * mask} with the mask unsqueezed over the trailing axes. */
    static Ref maskSteps(OnnxContext ctx, Node n, Ref x, Ref mask, int rank) {
        long[] axes = new long[rank - 2];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        Ref m = axes.length == 0 ? mask : ctx.node("Unsqueeze", List.of(mask, ctx.longs(n.name() + "_axes", axes)));
        return ctx.node("Mul", n.name(), List.of(x, m));
    }

    /** {@link Recurrent} on {@code x [N, T, F]} and optionally {@code mask [N, T]}. */
    static Ref recurrent(OnnxContext ctx, Node n, Recurrent r, List<Ref> in) {
        return in.size() == 1 ? nativeOp(ctx, n, r, in.get(0)) : scan(ctx, n, r, in.get(0), in.get(1));
    }

    /** ONNX gate block {@code k} is IR gate block {@code order[k]}. */
    private static int[] onnxGateOrder(RecurrentCell cell) {
        return switch (cell) {
            case SIMPLE -> new int[] {0};
            case GRU -> new int[] {0, 1, 2};
            case LSTM -> new int[] {0, 3, 1, 2};
        };
    }

    private static Ref nativeOp(OnnxContext ctx, Node n, Recurrent r, Ref x) {
        int u = r.units();
        int f = r.inputWeights().dim(0);
        int g = r.cell().gates();
        int[] order = onnxGateOrder(r.cell());
        float[] w = new float[g * u * f];
        float[] rw = new float[g * u * u];
        float[] b = new float[2 * g * u];
        float[] wd = r.inputWeights().data();
        float[] ud = r.recurrentWeights().data();
        for (int k = 0; k < g; k++) {
            int src = order[k] * u;
            for (int j = 0; j < u; j++) {
                for (int i = 0; i < f; i++) {
                    w[(k * u + j) * f + i] = wd[i * g * u + src + j];
                }
                for (int i = 0; i < u; i++) {
                    rw[(k * u + j) * u + i] = ud[i * g * u + src + j];
                }
                b[k * u + j] = r.bias()[src + j];
            }
        }
        String op = switch (r.cell()) {
            case SIMPLE -> "RNN";
            case GRU -> "GRU";
            case LSTM -> "LSTM";
        };
        List<ActivationKind> acts = switch (r.cell()) {
            case SIMPLE -> java.util.Arrays.asList(r.activation());
            case GRU -> java.util.Arrays.asList(r.innerActivation(), r.activation());
            case LSTM -> java.util.Arrays.asList(r.innerActivation(), r.activation(), r.activation());
        };
        List<String> names = new ArrayList<>();
        List<Float> alphas = new ArrayList<>();
        List<Float> betas = new ArrayList<>();
        for (ActivationKind a : acts) {
            if (a == null) {
                names.add("Affine");
                alphas.add(1f);
                betas.add(0f);
                continue;
            }
            switch (a) {
                case RELU -> names.add("Relu");
                case TANH -> names.add("Tanh");
                case SIGMOID -> names.add("Sigmoid");
                case HARD_SIGMOID -> {
                    names.add("HardSigmoid");
                    alphas.add(0.2f);
                    betas.add(0.5f);
                }
                case SOFTPLUS -> names.add("Softplus");
                case SOFTSIGN -> names.add("Softsign");
                case ELU -> {
                    names.add("Elu");
                    alphas.add(1f);
                }
                case LEAKY_RELU, THRESHOLDED_RELU -> throw new AssertionError("no recurrent activation");
            }
        }
        List<AttributeProto> attrs = new ArrayList<>(List.of(OnnxAttr.i("hidden_size", u),
                OnnxAttr.s("direction", r.goBackwards() ? "reverse" : "forward"), strings("activations", names)));
        if (!alphas.isEmpty()) {
            attrs.add(floats("activation_alpha", alphas));
        }
        if (!betas.isEmpty()) {
            attrs.add(floats("activation_beta", betas));
        }
        if (r.cell() == RecurrentCell.GRU) {
            attrs.add(OnnxAttr.i("linear_before_reset", 0));
        }
        Ref seqFirst = ctx.node("Transpose", List.of(x), OnnxAttr.ints("perm", 1, 0, 2));
        Ref y = ctx.node(op, List.of(seqFirst, ctx.floats(n.name() + "_W", w, 1, g * u, f),
                ctx.floats(n.name() + "_R", rw, 1, g * u, u), ctx.floats(n.name() + "_B", b, 1, 2 * g * u)),
                attrs.toArray(new AttributeProto[0]));
        // Y [T, 1, N, u], indexed by input step
        Ref steps = ctx.node("Squeeze", List.of(y, ctx.longs(n.name() + "_dir", 1L)));
        if (!r.returnSequences()) {
            // the last processed step: input step T-1 forward, 0 backward
            Ref index = ctx.longs(n.name() + "_last", r.goBackwards() ? 0L : -1L);
            Ref last = ctx.node("Gather", List.of(steps, index), OnnxAttr.i("axis", 0));
            return ctx.node("Squeeze", n.name(), List.of(last, ctx.longs(n.name() + "_axis0", 0L)));
        }
        // Keras' order is the processing order, reversed again by reverseOutput
        if (r.goBackwards() != r.reverseOutput()) {
            steps = ctx.node("Slice", List.of(steps, ctx.longs(n.name() + "_starts", -1L),
                    ctx.longs(n.name() + "_ends", Long.MIN_VALUE), ctx.longs(n.name() + "_axes", 0L),
                    ctx.longs(n.name() + "_steps", -1L)));
        }
        return ctx.node("Transpose", n.name(), List.of(steps), OnnxAttr.ints("perm", 1, 0, 2));
    }

    private static Ref scan(OnnxContext ctx, Node n, Recurrent r, Ref x, Ref mask) {
        int u = r.units();
        int f = r.inputWeights().dim(0);
        int width = r.cell().gates() * u;
        boolean lstm = r.cell() == RecurrentCell.LSTM;
        Ref proj = ctx.node("Add", List.of(ctx.node("MatMul", List.of(x,
                ctx.floats(n.name() + "_W", r.inputWeights().data(), f, width))),
                ctx.floats(n.name() + "_B", r.bias(), width)));
        // zero states [N, u]
        Ref batch = ctx.node("Slice", List.of(ctx.node("Shape", List.of(x)), ctx.longs(n.name() + "_b0", 0L),
                ctx.longs(n.name() + "_b1", 1L)));
        Ref stateShape = ctx.node("Concat", List.of(batch, ctx.longs(n.name() + "_units", (long) u)),
                OnnxAttr.i("axis", 0));
        Ref zeros = ctx.node("ConstantOfShape", List.of(stateShape));

        String prefix = ctx.uniqueName(n.name() + "_scan");
        GraphProto body = body(prefix, r);
        int dir = r.goBackwards() ? 1 : 0;
        List<Ref> inputs = new ArrayList<>(List.of(zeros));
        if (lstm) {
            inputs.add(zeros);
        }
        inputs.add(proj);
        inputs.add(mask);
        int states = lstm ? 2 : 1;
        List<Ref> outs = ctx.nodeWithOutputs("Scan", prefix + "_out", states + 1, inputs,
                AttributeProto.newBuilder().setName("body").setType(AttributeType.GRAPH).setG(body).build(),
                OnnxAttr.i("num_scan_inputs", 2),
                OnnxAttr.ints("scan_input_axes", 1, 1),
                OnnxAttr.ints("scan_input_directions", dir, dir),
                OnnxAttr.ints("scan_output_axes", 1),
                OnnxAttr.ints("scan_output_directions", r.reverseOutput() ? 1 : 0));
        if (r.returnSequences()) {
            return ctx.node("Identity", n.name(), List.of(outs.get(states)));
        }
        return ctx.node("Identity", n.name(), List.of(outs.get(0)));
    }

    /** The Scan body: states (h[, c]) and one step (projection, mask) in; new states and the output out. */
    private static GraphProto body(String p, Recurrent r) {
        OnnxContext b = new OnnxContext(p + "_");
        int u = r.units();
        int width = r.cell().gates() * u;
        boolean lstm = r.cell() == RecurrentCell.LSTM;
        Ref h = b.input(p + "_h", Shape.batched(u));
        Ref c = lstm ? b.input(p + "_c", Shape.batched(u)) : null;
        Ref xp = b.input(p + "_x", Shape.batched(width));
        Ref m = b.input(p + "_m", Shape.of(Shape.BATCH));
        float[] ud = r.recurrentWeights().data();
        Ref hNew;
        Ref cNew = null;
        switch (r.cell()) {
            case SIMPLE -> hNew = act(b, r.activation(), b.node("Add", List.of(xp,
                    b.node("MatMul", List.of(h, b.floats(p + "_U", ud, u, u))))));
            case LSTM -> {
                Ref gates = b.node("Add", List.of(xp, b.node("MatMul", List.of(h, b.floats(p + "_U", ud, u, width)))));
                Ref i = act(b, r.innerActivation(), slice(b, p, gates, 0, u));
                Ref fg = act(b, r.innerActivation(), slice(b, p, gates, u, 2 * u));
                Ref cc = act(b, r.activation(), slice(b, p, gates, 2 * u, 3 * u));
                Ref o = act(b, r.innerActivation(), slice(b, p, gates, 3 * u, 4 * u));
                cNew = b.node("Add", List.of(b.node("Mul", List.of(fg, c)), b.node("Mul", List.of(i, cc))));
                hNew = b.node("Mul", List.of(o, act(b, r.activation(), cNew)));
            }
            default -> {
                float[] uzr = new float[u * 2 * u];
                float[] uh = new float[u * u];
                for (int k = 0; k < u; k++) {
                    System.arraycopy(ud, k * width, uzr, k * 2 * u, 2 * u);
                    System.arraycopy(ud, k * width + 2 * u, uh, k * u, u);
                }
                Ref zr = act(b, r.innerActivation(), b.node("Add", List.of(slice(b, p, xp, 0, 2 * u),
                        b.node("MatMul", List.of(h, b.floats(p + "_Uzr", uzr, u, 2 * u))))));
                Ref z = slice(b, p, zr, 0, u);
                Ref rh = b.node("Mul", List.of(slice(b, p, zr, u, 2 * u), h));
                Ref hh = act(b, r.activation(), b.node("Add", List.of(slice(b, p, xp, 2 * u, 3 * u),
                        b.node("MatMul", List.of(rh, b.floats(p + "_Uh", uh, u, u))))));
                // z h + (1 - z) hh
                Ref oneMinusZ = b.node("Sub", List.of(b.floats(p + "_one", new float[] {1f}), z));
                hNew = b.node("Add", List.of(b.node("Mul", List.of(z, h)), b.node("Mul", List.of(oneMinusZ, hh))));
            }
        }
        Ref keep = b.node("Cast", List.of(b.node("Unsqueeze", List.of(m, b.longs(p + "_ax1", 1L)))),
                OnnxAttr.i("to", TensorProto.DataType.BOOL.getNumber()));
        Ref hOut = b.node("Where", p + "_h_next", List.of(keep, hNew, h));
        b.output(hOut, Shape.batched(u));
        if (lstm) {
            b.output(b.node("Where", p + "_c_next", List.of(keep, cNew, c)), Shape.batched(u));
        }
        b.output(b.node("Identity", p + "_y", List.of(hOut)), Shape.batched(u));
        return b.build(p + "_body");
    }

    private static Ref slice(OnnxContext b, String p, Ref v, int from, int to) {
        return b.node("Slice", List.of(v, b.longs(p + "_s", (long) from), b.longs(p + "_e", (long) to),
                b.longs(p + "_a", 1L)));
    }

    private static Ref act(OnnxContext b, ActivationKind kind, Ref v) {
        if (kind == null) {
            return v;
        }
        List<Ref> in = List.of(v);
        return switch (kind) {
            case RELU -> b.node("Relu", in);
            case TANH -> b.node("Tanh", in);
            case SIGMOID -> b.node("Sigmoid", in);
            case HARD_SIGMOID -> b.node("HardSigmoid", in, OnnxAttr.f("alpha", 0.2f), OnnxAttr.f("beta", 0.5f));
            case SOFTPLUS -> b.node("Softplus", in);
            case SOFTSIGN -> b.node("Softsign", in);
            case ELU -> b.node("Elu", in, OnnxAttr.f("alpha", 1f));
            case LEAKY_RELU, THRESHOLDED_RELU -> throw new AssertionError(kind + " is no recurrent activation");
        };
    }

    private static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(com.google.protobuf.ByteString.copyFromUtf8(v));
        }
        return a.build();
    }

    private static AttributeProto floats(String name, List<Float> values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOATS);
        values.forEach(a::addFloats);
        return a.build();
    }
}
