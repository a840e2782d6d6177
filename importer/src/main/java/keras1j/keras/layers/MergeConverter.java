package keras1j.keras.layers;

import java.util.ArrayList;
import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.BatchMatMul;
import keras1j.runtime.ir.Cosine;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;

/**
 * The Keras 1 {@code Merge} layer (also what the functional {@code merge} function creates), modes
 * {@code sum}, {@code mul}, {@code ave}, {@code max} ({@link Elementwise}) and {@code concat}
 * ({@link Concat} on {@code concat_axis} mapped through the common layout). All inputs are brought
 * to the first input's layout, so merging channels-last images needs no transpose.
 *
 * <p>{@code dot} is Theano's {@code batch_dot} over {@code dot_axes} (an int for both inputs or a
 * pair; batch axis included in the numbering, negative counts from the end): each input is brought to
 * a matrix per sample ({@code [N, M, K]} and {@code [N, K, P]}, the other axes in order) for one
 * {@link BatchMatMul}, and the result is reshaped to the first input's remaining axes followed by the
 * second's, {@code (N, 1)} when none remain. {@code cos} (2D inputs) is a {@link Cosine} with Keras'
 * {@code epsilon} 1e-7; it returns <b>{@code (N, 1, 1)}</b>: Keras 1.2.2 declares {@code (None, 1)},
 * but on Theano its {@code batch_dot} already yields {@code (N, 1)} and {@code cos} expands it once
 * more, and keras1j follows the numbers Keras produces. Python-function modes are not supported.
 */
final class MergeConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Merge");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        ctx.weights().expect();
        String modeType = cfg.optionalString("mode_type", "raw");
        if (!"raw".equals(modeType)) {
            throw cfg.unsupported("mode_type", modeType, "merge modes given as Python functions cannot be imported");
        }
        String mode = cfg.optionalString("mode", "sum");
        if (inputs.size() < 2) {
            throw cfg.invalid("merges at least two tensors, got " + inputs.size());
        }
        KerasTensor first = inputs.get(0);
        if ("dot".equals(mode) || "cos".equals(mode)) {
            return List.of(dot(ctx, inputs, mode));
        }
        int[] layout = first.perm();
        List<String> values = new ArrayList<>();
        for (KerasTensor t : inputs) {
            if (t.rank() != first.rank()) {
                throw cfg.invalid("inputs of different ranks: " + shapes(inputs));
            }
            values.add(ctx.valueIn(t, layout));
        }
        String[] in = values.toArray(new String[0]);
        ElementwiseKind kind;
        switch (mode) {
            case "sum":
                kind = ElementwiseKind.SUM;
                break;
            case "mul":
                kind = ElementwiseKind.PRODUCT;
                break;
            case "ave":
                kind = ElementwiseKind.AVERAGE;
                break;
            case "max":
                kind = ElementwiseKind.MAX;
                break;
            case "concat": {
                int axis = cfg.optionalInt("concat_axis", -1);
                if (axis == 0 || axis == -first.rank()) {
                    throw cfg.unsupported("concat_axis", axis, "Keras 1.2.2 would concatenate along the batch axis");
                }
                if (axis >= first.rank() || axis < -first.rank()) {
                    throw cfg.invalid("concat_axis", "a non-batch axis of the " + first.rank() + "D inputs",
                            cfg.json().get("concat_axis"));
                }
                for (KerasTensor t : inputs) {
                    for (int a = 1; a < first.rank(); a++) {
                        if (a != first.shape().normalizeAxis(axis) && t.shape().dim(a) != first.shape().dim(a)) {
                            throw cfg.invalid("concat inputs must agree on every axis but " + axis + ": " + shapes(inputs));
                        }
                    }
                }
                String y = ctx.add("concat", new Concat(first.irAxis(axis)), in);
                return List.of(ctx.tensor(y, layout));
            }
            default:
                throw cfg.invalid("mode", "one of sum, mul, concat, ave, cos, dot, max", cfg.json().get("mode"));
        }
        for (KerasTensor t : inputs) {
            if (!t.shape().equals(first.shape())) {
                throw cfg.invalid("'" + mode + "' needs inputs of identical shapes: " + shapes(inputs));
            }
        }
        String y = ctx.add(mode, new Elementwise(kind), in);
        return List.of(ctx.tensor(y, layout));
    }

    /** {@code dot} and {@code cos}: two inputs, {@code dot_axes} resolved per input. */
    private static KerasTensor dot(LayerContext ctx, List<KerasTensor> inputs, String mode) {
        LayerConfig cfg = ctx.config();
        if (inputs.size() != 2) {
            throw cfg.invalid("mode '" + mode + "' merges exactly two tensors, got " + inputs.size());
        }
        KerasTensor a = inputs.get(0);
        KerasTensor b = inputs.get(1);
        int[] axes = dotAxes(cfg, a.rank(), b.rank());
        if (a.shape().dim(axes[0]) != b.shape().dim(axes[1]) || a.shape().dim(axes[0]) < 1) {
            throw cfg.invalid("'" + mode + "' needs equal known sizes on dot_axes " + java.util.Arrays.toString(axes)
                    + ": " + shapes(inputs));
        }
        if ("cos".equals(mode)) {
            if (a.rank() != 2 || !a.shape().equals(b.shape())) {
                throw cfg.unsupported("mode", mode, "only for two 2D inputs of the same shape (Keras 1.2.2 combines "
                        + "the per-input dot products of higher ranks element-wise), got " + shapes(inputs));
            }
            String c = ctx.add("cos", new Cosine(1e-7f), ctx.logical(a), ctx.logical(b));
            return ctx.logicalTensor(ctx.add("expand", new Reshape(new int[] {1, 1}), c));
        }
        int[] restA = rest(a.rank(), axes[0]);
        int[] restB = rest(b.rank(), axes[1]);
        int k = a.shape().dim(axes[0]);
        String left = matrix(ctx, a, restA, axes[0], false, k);
        String right = matrix(ctx, b, restB, axes[1], true, k);
        String y = ctx.add("dot", new BatchMatMul(), left, right);
        int[] out = new int[restA.length + restB.length];
        for (int i = 0; i < restA.length; i++) {
            out[i] = a.shape().dim(restA[i]);
        }
        for (int i = 0; i < restB.length; i++) {
            out[restA.length + i] = b.shape().dim(restB[i]);
        }
        if (out.length == 0) {
            out = new int[] {1};
        }
        if (!java.util.Arrays.equals(out, ctx.shapeOf(y).sampleDims())) {
            y = ctx.add("reshape", new Reshape(out), y);
        }
        return ctx.logicalTensor(y);
    }

    /** The input as {@code [N, M, K]} (or {@code [N, K, P]} when {@code contractedFirst}). */
    private static String matrix(LayerContext ctx, KerasTensor t, int[] rest, int axis, boolean contractedFirst,
            int k) {
        int[] perm = new int[t.rank()];
        int m = 1;
        for (int i = 0; i < rest.length; i++) {
            perm[contractedFirst ? i + 2 : i + 1] = rest[i];
            m *= t.shape().dim(rest[i]);
        }
        perm[contractedFirst ? 1 : t.rank() - 1] = axis;
        if (m < 1) {
            throw ctx.config().unsupported("mode", "dot", "needs known sizes, got " + t.shape());
        }
        String v = ctx.valueIn(t, perm);
        int[] target = contractedFirst ? new int[] {k, m} : new int[] {m, k};
        if (!java.util.Arrays.equals(target, ctx.shapeOf(v).sampleDims())) {
            v = ctx.add(contractedFirst ? "right" : "left", new Reshape(target), v);
        }
        return v;
    }

    /** The non-batch axes of a rank-{@code rank} input other than {@code axis}, in order. */
    private static int[] rest(int rank, int axis) {
        int[] r = new int[rank - 2];
        int j = 0;
        for (int i = 1; i < rank; i++) {
            if (i != axis) {
                r[j++] = i;
            }
        }
        return r;
    }

    /** {@code dot_axes}: an int for both inputs or a pair, negative counting from the end, never the batch axis. */
    private static int[] dotAxes(LayerConfig cfg, int rankA, int rankB) {
        com.fasterxml.jackson.databind.JsonNode n = cfg.node("dot_axes").orElse(null);
        int[] raw;
        if (n == null) {
            raw = new int[] {-1, -1};
        } else if (n.isArray()) {
            raw = cfg.toInts("dot_axes", n, false);
            if (raw.length != 2) {
                throw cfg.invalid("dot_axes", "an integer or a pair of integers", n);
            }
        } else {
            int v = cfg.toInt("dot_axes", n);
            raw = new int[] {v, v};
        }
        int[] ranks = {rankA, rankB};
        int[] axes = new int[2];
        for (int i = 0; i < 2; i++) {
            axes[i] = raw[i] < 0 ? raw[i] + ranks[i] : raw[i];
            if (axes[i] < 1 || axes[i] >= ranks[i]) {
                throw cfg.invalid("dot_axes", "non-batch axes of the inputs (ranks " + rankA + " and " + rankB + ")", n);
            }
        }
        return axes;
    }

    private static String shapes(List<KerasTensor> inputs) {
        StringBuilder sb = new StringBuilder();
        for (KerasTensor t : inputs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.shape());
        }
        return sb.toString();
    }
}
