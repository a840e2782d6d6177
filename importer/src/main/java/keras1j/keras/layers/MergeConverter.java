package keras1j.keras.layers;

import java.util.ArrayList;
import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.keras.Backend;
import keras1j.runtime.ir.BatchMatMul;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Cosine;
import keras1j.runtime.ir.CosineRatio;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.StepMask;

/**
 * The Keras 1 {@code Merge} layer (also what the functional {@code merge} function creates), modes
 * {@code sum}, {@code mul}, {@code ave}, {@code max} ({@link Elementwise}) and {@code concat}
 * ({@link Concat} on {@code concat_axis} mapped through the common layout). All inputs are brought
 * to the first input's layout, so merging channels-last images needs no transpose.
 *
 * <p>{@code dot} is the backend's {@code batch_dot} over {@code dot_axes} (an int for both inputs or a
 * pair; batch axis included in the numbering). On Theano that is a batched tensordot of any ranks
 * (negative axes count from the end); on TensorFlow it is {@code reduce_sum(x * y)} for two 2D inputs
 * and otherwise (inputs of one rank) a matrix product of the last two axes, the axes before them
 * indexing pairs of matrices, {@code x} transposed unless its axis is its last and {@code y} when its
 * axis is its last: the same as the tensordot for 3D inputs with non-negative axes, another product
 * (and shape) than Keras declares beyond 3D, and keras1j follows the numbers. For the tensordot each
 * input is brought to a matrix per sample ({@code [N, M, K]} and {@code [N, K, P]}, the other axes in
 * order) for one {@link BatchMatMul}, and the result is reshaped to the first input's remaining axes
 * followed by the second's, {@code (N, 1)} when none remain. {@code cos} divides
 * {@code batch_dot(a, b)} by {@code max(sqrt(batch_dot(a, a) * batch_dot(b, b)), 1e-7)} and then
 * expands axis 1, exactly as Keras 1.2.2's {@code Merge.call}: for 2D inputs one
 * {@link Cosine} with output <b>{@code (N, 1, 1)}</b> (Keras declares {@code (None, 1)}, but
 * {@code batch_dot} already yields {@code (N, 1)} on both backends and {@code cos} expands it once
 * more); beyond 2D three {@link BatchMatMul} products and a {@link CosineRatio}, e.g.
 * {@code (N, 1, T, T)} for {@code (N, T, F)} inputs and {@code dot_axes} 2 (declared {@code (None, T,
 * T)}). keras1j follows the numbers Keras produces. Python-function modes are not supported.
 *
 * <p><b>Masks</b> ({@code Merge.compute_mask}): {@code sum}, {@code mul} and {@code ave} give the AND
 * of the inputs' masks (an input without one does not restrict it); {@code concat} concatenates the
 * masks, an input without one counting as all ones of its own shape, along {@code concat_axis} and
 * reduces the last axis with AND: along the features that is the AND of the masks, along the steps
 * the masks one after the other. {@code dot} and {@code cos} give no mask. Keras 1.2.2 has no mask
 * rule for {@code max} (it raises "Invalid merge mode: max" as soon as one input is masked), and
 * fails to concatenate the masks of some shapes: those models are refused. Masks are {@code [N, T]}
 * values of 1 and 0, so the AND is a product; all ones is a {@link StepMask} of {@code NaN} (which every
 * value differs from).
 */
final class MergeConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Merge");
    }

    @Override
    public boolean handlesMasks() {
        return true;
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
                return List.of(ctx.tensor(y, layout).withMask(concatMask(ctx, inputs, axis)));
            }
            default:
                throw cfg.invalid("mode", "one of sum, mul, concat, ave, cos, dot, max", cfg.json().get("mode"));
        }
        for (KerasTensor t : inputs) {
            if (!t.shape().equals(first.shape())) {
                throw cfg.invalid("'" + mode + "' needs inputs of identical shapes: " + shapes(inputs));
            }
        }
        if (kind == ElementwiseKind.MAX && inputs.stream().anyMatch(t -> t.mask() != null)) {
            throw cfg.unsupported("mode", mode, "Keras 1.2.2 has no mask rule for 'max' (Merge.compute_mask raises "
                    + "'Invalid merge mode: max' when an input is masked), and the inputs here carry masks");
        }
        String y = ctx.add(mode, new Elementwise(kind), in);
        return List.of(ctx.tensor(y, layout).withMask(and(ctx, masks(inputs))));
    }

    /** The masks the inputs carry, in order (inputs without one left out). */
    private static List<String> masks(List<KerasTensor> inputs) {
        List<String> m = new ArrayList<>();
        for (KerasTensor t : inputs) {
            if (t.mask() != null) {
                m.add(t.mask());
            }
        }
        return m;
    }

    /** The AND of step masks {@code [N, T]} (their product), {@code null} for none. */
    private static String and(LayerContext ctx, List<String> masks) {
        if (masks.isEmpty()) {
            return null;
        }
        return masks.size() == 1 ? masks.get(0)
                : ctx.add("mask", new Elementwise(ElementwiseKind.PRODUCT), masks.toArray(new String[0]));
    }

    /**
     * Keras 1.2.2's concat mask: per input its mask expanded to {@code (N, T, 1)} (an unmasked input:
     * ones of its own shape), concatenated along {@code concat_axis} and reduced with AND over the last
     * axis. The pieces must have one rank, as Keras' concatenation needs.
     */
    private static String concatMask(LayerContext ctx, List<KerasTensor> inputs, int axis) {
        List<String> present = masks(inputs);
        if (present.isEmpty()) {
            return null;
        }
        LayerConfig cfg = ctx.config();
        int rank = inputs.get(0).rank();
        boolean allMasked = present.size() == inputs.size();
        if (rank < 3) {
            throw cfg.unsupported("concat_axis", axis, "Keras 1.2.2 concatenates the masks of the 2D inputs "
                    + shapes(inputs) + " into a mask of shape (batch,), which keras1j does not carry");
        }
        if (rank > 3 && !allMasked) {
            throw cfg.unsupported("concat_axis", axis, "Keras 1.2.2 concatenates the (batch, steps, 1) mask of a "
                    + "masked input with all-ones masks of the unmasked inputs' shape " + shapes(inputs)
                    + ", of another rank, and fails");
        }
        // the axis within the rank-3 mask pieces, as Keras' K.concatenate reads it
        int pieceAxis = axis < 0 ? axis + 3 : axis;
        int outputAxis = inputs.get(0).shape().normalizeAxis(axis);
        if (pieceAxis == 2) {
            return and(ctx, present);
        }
        if (pieceAxis != 1 || outputAxis != 1) {
            throw cfg.unsupported("concat_axis", axis, "Keras 1.2.2 would concatenate the (batch, steps, 1) masks of "
                    + shapes(inputs) + " along their axis " + axis + ", which gives no mask of the output's steps");
        }
        // along the steps: each input's mask (ones for an unmasked one) one after the other
        String[] parts = new String[inputs.size()];
        for (int i = 0; i < parts.length; i++) {
            KerasTensor t = inputs.get(i);
            if (t.mask() != null) {
                parts[i] = t.mask();
            } else if (t.shape().dim(2) == 1) {
                parts[i] = ctx.add("ones", new StepMask(Float.NaN), ctx.logical(t));
            } else {
                throw cfg.unsupported("concat_axis", axis, "Keras 1.2.2 cannot concatenate the (batch, steps, 1) masks "
                        + "with the all-ones mask of the unmasked input of shape " + t.shape() + " along the steps");
            }
        }
        return ctx.add("mask", new Concat(1), parts);
    }

    /**
     * What the backend's {@code batch_dot} contracts: a batched tensordot over {@code axes} (Theano; TensorFlow
     * for 2D inputs), or ({@code lastTwo}) TensorFlow's product of the last two axes' matrices with the first
     * input transposed when {@code adjX} and the second when {@code adjY}.
     */
    private record Contraction(int[] axes, boolean lastTwo, boolean adjX, boolean adjY) {
        static Contraction tensordot(int[] axes) {
            return new Contraction(axes, false, false, false);
        }
    }

    /** {@code dot} and {@code cos}: two inputs, {@code dot_axes} resolved per input and backend. */
    private static KerasTensor dot(LayerContext ctx, List<KerasTensor> inputs, String mode) {
        LayerConfig cfg = ctx.config();
        if (inputs.size() != 2) {
            throw cfg.invalid("mode '" + mode + "' merges exactly two tensors, got " + inputs.size());
        }
        KerasTensor a = inputs.get(0);
        KerasTensor b = inputs.get(1);
        Contraction c = contraction(cfg, ctx.backend(), a, b);
        if ("dot".equals(mode)) {
            return ctx.logicalTensor(product(ctx, a, b, c, "dot"));
        }
        if (!a.shape().equals(b.shape())) {
            throw cfg.invalid("'cos' needs inputs of identical shapes: " + shapes(inputs));
        }
        if (a.rank() == 2) {
            String cos = ctx.add("cos", new Cosine(1e-7f), ctx.logical(a), ctx.logical(b));
            return ctx.logicalTensor(ctx.add("expand", new Reshape(new int[] {1, 1}), cos));
        }
        String ab = product(ctx, a, b, c, "dot_ab");
        String aa = product(ctx, a, a, c, "dot_aa");
        String bb = product(ctx, b, b, c, "dot_bb");
        String cos = ctx.add("cos", new CosineRatio(1e-7f), ab, aa, bb);
        return ctx.logicalTensor(ctx.add("expand", new Reshape(expandedAxis1(cfg, ctx.shapeOf(cos))), cos));
    }

    /** {@code K.batch_dot(x, y, dot_axes)} as {@code c} says; the IR value in Keras layout. */
    private static String product(LayerContext ctx, KerasTensor x, KerasTensor y, Contraction c, String label) {
        if (!c.lastTwo()) {
            return batchDot(ctx, x, y, c.axes(), label);
        }
        int r = x.rank();
        int[] swap = Layouts.identity(r);
        swap[r - 2] = r - 1;
        swap[r - 1] = r - 2;
        String left = ctx.valueIn(x, c.adjX() ? swap : Layouts.identity(r));
        String right = ctx.valueIn(y, c.adjY() ? swap : Layouts.identity(r));
        return ctx.add(label, new BatchMatMul(), left, right);
    }

    /**
     * The target of {@code K.expand_dims(x, 1)} for {@code x}: {@code [1, d1, ..., dk]}. With open sizes
     * only the square {@code (N, M, M)} of a 3D {@code cos} can be expressed ({@code [1, COPY, INFER]}).
     */
    private static int[] expandedAxis1(LayerConfig cfg, Shape s) {
        int[] d = s.sampleDims();
        if (!s.hasOpenSampleDims()) {
            int[] out = new int[d.length + 1];
            out[0] = 1;
            System.arraycopy(d, 0, out, 1, d.length);
            return out;
        }
        if (d.length == 2) {
            // cos of equal 3D shapes is square per sample (the other axis of each input, of equal sizes)
            return new int[] {1, Reshape.COPY, Reshape.INFER};
        }
        throw cfg.unsupported("mode", "cos", "with open sizes (None) on inputs of rank > 3: " + s);
    }

    /**
     * Theano's {@code batched_tensordot(x, y, axes)}: {@code x}'s non-batch axes but {@code axes[0]},
     * then {@code y}'s but {@code axes[1]}; {@code (N, 1)} when none remain. The IR value in Keras layout.
     */
    private static String batchDot(LayerContext ctx, KerasTensor a, KerasTensor b, int[] axes, String label) {
        int[] restA = rest(a.rank(), axes[0]);
        int[] restB = rest(b.rank(), axes[1]);
        int k = a.shape().dim(axes[0]);
        String left = matrix(ctx, a, restA, axes[0], false, k);
        String right = matrix(ctx, b, restB, axes[1], true, k);
        String y = ctx.add(label, new BatchMatMul(), left, right);
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
        return y;
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
        String v = ctx.valueIn(t, perm);
        if (rest.length == 1) {
            // already [N, M, K] (or [N, K, P]), M open or not
            return v;
        }
        if (m < 1) {
            throw ctx.config().unsupported("mode", ctx.config().optionalString("mode", "dot"), "needs known sizes on "
                    + "the axes it does not contract when an input has rank > 3, got " + t.shape());
        }
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

    /**
     * What {@code batch_dot} contracts on the model's backend. {@code dot_axes} is an int for both
     * inputs or a pair, never the batch axis; Keras 1.2.2 stores a negative int as a pair of
     * non-negative axes, but keeps a pair as given. Theano contracts the axes given (negative counting
     * from the end). TensorFlow's {@code batch_dot} sums {@code x * y} over the axis of two 2D inputs
     * (the same axis for both) and otherwise multiplies the matrices of the last two axes of inputs of
     * one rank (the axes before them indexing pairs of matrices), transposing {@code x} unless its axis
     * equals {@code ndim - 1} and {@code y} when its axis equals {@code ndim - 1}: on 3D inputs with
     * non-negative axes that is Theano's tensordot, beyond 3D another product than the shape Keras
     * declares, which keras1j follows.
     */
    private static Contraction contraction(LayerConfig cfg, Backend backend, KerasTensor a, KerasTensor b) {
        int rankA = a.rank();
        int rankB = b.rank();
        com.fasterxml.jackson.databind.JsonNode n = cfg.node("dot_axes").orElse(null);
        int[] raw;
        boolean pair;
        if (n == null) {
            raw = new int[] {-1, -1};
            pair = false;
        } else if (n.isArray()) {
            raw = cfg.toInts("dot_axes", n, false);
            if (raw.length != 2) {
                throw cfg.invalid("dot_axes", "an integer or a pair of integers", n);
            }
            pair = true;
        } else {
            int v = cfg.toInt("dot_axes", n);
            raw = new int[] {v, v};
            pair = false;
        }
        int[] ranks = {rankA, rankB};
        int[] axes = new int[2];
        for (int i = 0; i < 2; i++) {
            axes[i] = raw[i] < 0 ? raw[i] + ranks[i] : raw[i];
            if (axes[i] < 1 || axes[i] >= ranks[i]) {
                throw cfg.invalid("dot_axes", "non-batch axes of the inputs (ranks " + rankA + " and " + rankB + ")", n);
            }
        }
        String mode = cfg.optionalString("mode", "dot");
        if (backend != Backend.TENSORFLOW || rankA == 2 && rankB == 2) {
            // TensorFlow's 2D rule reads the axes as Keras keeps them
            int[] kept = pair ? raw : axes;
            if (backend == Backend.TENSORFLOW && kept[0] != kept[1]) {
                throw cfg.unsupported("dot_axes", n, "on TensorFlow Keras 1.2.2 multiplies the transposed first input "
                        + "with the second for different axes of 2D inputs, which is no dot product");
            }
            requireEqual(cfg, mode, a, b, axes[0], axes[1]);
            return Contraction.tensordot(axes);
        }
        if (rankA != rankB) {
            throw cfg.unsupported("mode", mode, "on TensorFlow Keras 1.2.2 multiplies the matrices of the last two "
                    + "axes of inputs of one rank (TensorFlow refuses ranks " + rankA + " and " + rankB + ")");
        }
        int[] kept = pair ? raw : axes;
        int r = rankA;
        boolean adjX = kept[0] != r - 1;
        boolean adjY = kept[1] == r - 1;
        for (int i = 1; i < r - 2; i++) {
            if (a.shape().dim(i) != b.shape().dim(i)) {
                throw cfg.invalid("'" + mode + "' on TensorFlow multiplies matrices indexed by the axes before the "
                        + "last two, which must agree: " + a.shape() + ", " + b.shape());
            }
        }
        requireEqual(cfg, mode, a, b, adjX ? r - 2 : r - 1, adjY ? r - 1 : r - 2);
        return new Contraction(axes, true, adjX, adjY);
    }

    /** The contracted axes must have one known size. */
    private static void requireEqual(LayerConfig cfg, String mode, KerasTensor a, KerasTensor b, int axisA, int axisB) {
        if (a.shape().dim(axisA) != b.shape().dim(axisB) || a.shape().dim(axisA) < 1) {
            throw cfg.invalid("'" + mode + "' needs equal known sizes on dot_axes [" + axisA + ", " + axisB
                    + "] (the axes the backend contracts): " + a.shape() + ", " + b.shape());
        }
    }

    private static String shapes(List<KerasTensor> inputs) {
        StringBuilder sb = new StringBuilder();
        for (KerasTensor t : inputs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.shape());
        }
        return sb.toString();
    }
}
