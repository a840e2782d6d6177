package keras1j.keras.layers;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;

/**
 * Keras 1.2.2's layer wrappers, whose configuration holds the wrapped layer's under {@code layer}
 * and whose weight group holds the wrapped layer's weights (under their own names):
 * <ul>
 * <li>{@code TimeDistributed}: the wrapped layer, converted by its own converter through a
 * {@link IrEmitter#timeDistributed time-distributed view}, applied to every step of axis 1; the
 * input's mask passes through.</li>
 * <li>{@code Bidirectional} ({@code merge_mode} concat, sum, mul, ave, or null for two outputs)
 * around SimpleRNN, GRU or LSTM: a forward copy ({@code forward_<name>}, the wrapped configuration)
 * and a backward copy ({@code backward_<name>}, {@code go_backwards} inverted) with the forward
 * weights first; with {@code return_sequences} the backward output is reversed in time before the
 * merge, and the mask passes through.</li>
 * </ul>
 */
final class WrapperConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("TimeDistributed", "Bidirectional");
    }

    @Override
    public boolean handlesMasks() {
        return true;
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        KerasTensor in = ctx.single(inputs);
        LayerConfig inner = wrapped(ctx.config());
        return ctx.config().className().equals("Bidirectional") ? bidirectional(ctx, inner, in)
                : timeDistributed(ctx, inner, in);
    }

    /** The wrapped layer's configuration. */
    private static LayerConfig wrapped(LayerConfig cfg) {
        JsonNode layer = cfg.node("layer").orElseThrow(() -> cfg.invalid("layer", "the wrapped layer", null));
        JsonNode cls = layer.get("class_name");
        JsonNode conf = layer.get("config");
        if (cls == null || !cls.isTextual() || conf == null || !conf.isObject()) {
            throw cfg.invalid("layer", "an object with 'class_name' and 'config'", layer);
        }
        JsonNode name = conf.get("name");
        String innerName = name != null && name.isTextual() ? name.asText() : cfg.name() + "_inner";
        return new LayerConfig(cfg.source(), innerName, cls.asText(), conf);
    }

    private static List<KerasTensor> timeDistributed(LayerContext ctx, LayerConfig inner, KerasTensor in) {
        LayerConfig cfg = ctx.config();
        if (in.rank() < 3) {
            throw cfg.invalid("expects an input of rank >= 3 (batch, steps, ...), got shape " + in.shape());
        }
        int steps = in.shape().dim(1);
        // keep the time axis at IR axis 1, hidden from the wrapped layer
        int[] perm = in.perm();
        if (perm[1] != 1) {
            in = ctx.logicalTensor(ctx.logical(in));
            perm = in.perm();
        }
        int[] innerPerm = new int[perm.length - 1];
        int[] innerDims = new int[perm.length - 1];
        innerDims[0] = in.shape().dim(0);
        for (int i = 2; i < perm.length; i++) {
            innerPerm[i - 1] = perm[i] - 1;
            innerDims[i - 1] = in.shape().dim(i);
        }
        KerasTensor view = new KerasTensor(in.value(), keras1j.runtime.ir.Shape.of(innerDims), innerPerm);
        LayerConverter converter = ctx.converterFor(inner);
        LayerWeights weights = ctx.weights().part(inner, 0, ctx.weights().storedCount());
        LayerContext innerCtx = ctx.wrapped(inner, weights, ctx.emitter().timeDistributed(steps));
        List<KerasTensor> out = new ArrayList<>();
        for (KerasTensor t : converter.convert(innerCtx, List.of(view))) {
            int[] p = t.perm();
            int[] outer = new int[p.length + 1];
            int[] dims = new int[p.length + 1];
            outer[1] = 1;
            dims[0] = t.shape().dim(0);
            dims[1] = steps;
            for (int i = 1; i < p.length; i++) {
                outer[i + 1] = p[i] + 1;
                dims[i + 1] = t.shape().dim(i);
            }
            out.add(new KerasTensor(t.value(), keras1j.runtime.ir.Shape.of(dims), outer, in.mask()));
        }
        return out;
    }

    private static List<KerasTensor> bidirectional(LayerContext ctx, LayerConfig inner, KerasTensor in) {
        LayerConfig cfg = ctx.config();
        if (!List.of("SimpleRNN", "GRU", "LSTM").contains(inner.className())) {
            throw cfg.unsupported("layer", inner.className(), "Bidirectional supports SimpleRNN, GRU and LSTM");
        }
        String mode = cfg.node("merge_mode").filter(n -> !n.isNull()).map(JsonNode::asText).orElse(null);
        if (mode != null && !List.of("concat", "sum", "mul", "ave").contains(mode)) {
            throw cfg.invalid("merge_mode", "concat, sum, mul, ave or null", cfg.json().get("merge_mode"));
        }
        LayerWeights all = ctx.weights();
        int half = all.storedCount() / 2;
        if (all.storedCount() % 2 != 0) {
            throw cfg.invalid("has " + all.storedCount() + " weights, expected the same number per direction");
        }
        LayerConfig fwdCfg = renamed(inner, "forward_");
        LayerConfig bwdCfg = renamed(inner, "backward_");
        LayerWeights fwdW = all.part(fwdCfg, 0, half);
        LayerWeights bwdW = all.part(bwdCfg, half, 2 * half);
        IrEmitter ir = ctx.emitter();
        String fwd = RecurrentConverter.apply(ctx.wrapped(fwdCfg, fwdW, ir), in, false, false);
        boolean sequences = inner.optionalBoolean("return_sequences", false);
        String bwd = RecurrentConverter.apply(ctx.wrapped(bwdCfg, bwdW, ir), in, true, true);
        String mask = sequences ? in.mask() : null;
        if (mode == null) {
            return List.of(ctx.logicalTensor(fwd).withMask(mask), ctx.logicalTensor(bwd).withMask(mask));
        }
        String y = switch (mode) {
            case "concat" -> ctx.add("concat", new Concat(sequences ? 2 : 1), fwd, bwd);
            case "sum" -> ctx.add("sum", new Elementwise(ElementwiseKind.SUM), fwd, bwd);
            case "mul" -> ctx.add("mul", new Elementwise(ElementwiseKind.PRODUCT), fwd, bwd);
            default -> ctx.add("ave", new Elementwise(ElementwiseKind.AVERAGE), fwd, bwd);
        };
        return List.of(ctx.logicalTensor(y).withMask(mask));
    }

    private static LayerConfig renamed(LayerConfig inner, String prefix) {
        return new LayerConfig(inner.source(), prefix + inner.name(), inner.className(), inner.json());
    }
}
