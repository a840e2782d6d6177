package keras1j.keras.layers;

import java.util.ArrayList;
import java.util.List;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;

/**
 * The Keras 1 {@code Merge} layer (also what the functional {@code merge} function creates), modes
 * {@code sum}, {@code mul}, {@code ave}, {@code max} ({@link Elementwise}) and {@code concat}
 * ({@link Concat} on {@code concat_axis} mapped through the common layout). All inputs are brought
 * to the first input's layout, so merging channels-last images needs no transpose. {@code dot},
 * {@code cos} and Python-function modes are not supported.
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
            case "dot":
            case "cos":
                throw cfg.unsupported("mode", mode, "only sum, mul, ave, max and concat are supported");
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

    private static String shapes(List<KerasTensor> inputs) {
        StringBuilder sb = new StringBuilder();
        for (KerasTensor t : inputs) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.shape());
        }
        return sb.toString();
    }
}
