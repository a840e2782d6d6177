package keras1j.keras.layers;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Pad;

/**
 * ZeroPadding1D/2D/3D as a {@link Pad} on the spatial axes, in whatever layout the input value has.
 * Every form Keras 1.2.2 accepts: 1D {@code padding} an int, a pair {@code (left, right)} or a dict
 * {@code {left_pad, right_pad}}; 2D a pair {@code (rows, cols)} (symmetric), a 4-tuple
 * {@code (top, bottom, left, right)} or a dict {@code {top_pad, bottom_pad, left_pad, right_pad}}
 * (missing entries 0); 3D a triple (symmetric). 2D/3D use the image dim ordering (Keras 1.2.2 does
 * not save theirs).
 */
final class ZeroPaddingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        int r = SpatialAxes.rankOf(cfg.className());
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);
        ctx.weights().expect();
        int[][] beginEnd = switch (r) {
            case 1 -> padding1d(cfg);
            case 2 -> padding2d(cfg);
            default -> padding3d(cfg);
        };
        int[] begin = SpatialAxes.onIrAxes(in, ctx.dimOrdering(), r, beginEnd[0], 0);
        int[] end = SpatialAxes.onIrAxes(in, ctx.dimOrdering(), r, beginEnd[1], 0);
        String y = ctx.add("pad", new Pad(begin, end), in.value());
        return List.of(ctx.tensor(y, in.perm()));
    }

    private static int[][] padding1d(LayerConfig cfg) {
        JsonNode p = cfg.node("padding").orElse(null);
        if (p == null) {
            return new int[][] {{1}, {1}};
        }
        if (p.isObject()) {
            int[] v = dict(cfg, p, "left_pad", "right_pad");
            return new int[][] {{v[0]}, {v[1]}};
        }
        if (p.isArray()) {
            int[] v = nonNegative(cfg, cfg.toInts("padding", p, false));
            if (v.length != 2) {
                throw cfg.invalid("padding", "an int, a pair (left, right) or a dict", p);
            }
            return new int[][] {{v[0]}, {v[1]}};
        }
        int v = nonNegative(cfg, new int[] {cfg.toInt("padding", p)})[0];
        return new int[][] {{v}, {v}};
    }

    private static int[][] padding2d(LayerConfig cfg) {
        JsonNode p = cfg.node("padding").orElse(null);
        if (p == null) {
            return new int[][] {{1, 1}, {1, 1}};
        }
        if (p.isObject()) {
            int[] v = dict(cfg, p, "top_pad", "bottom_pad", "left_pad", "right_pad");
            return new int[][] {{v[0], v[2]}, {v[1], v[3]}};
        }
        int[] v = nonNegative(cfg, cfg.toInts("padding", p, false));
        if (v.length == 2) {
            return new int[][] {{v[0], v[1]}, {v[0], v[1]}};
        }
        if (v.length == 4) {
            return new int[][] {{v[0], v[2]}, {v[1], v[3]}};
        }
        throw cfg.invalid("padding", "a pair (rows, cols), a 4-tuple (top, bottom, left, right) or a dict", p);
    }

    private static int[][] padding3d(LayerConfig cfg) {
        JsonNode p = cfg.node("padding").orElse(null);
        if (p == null) {
            return new int[][] {{1, 1, 1}, {1, 1, 1}};
        }
        int[] v = nonNegative(cfg, cfg.toInts("padding", p, false));
        if (v.length != 3) {
            throw cfg.invalid("padding", "a triple of integers", p);
        }
        return new int[][] {v, v.clone()};
    }

    /** Values of a padding dict in {@code keys} order; missing keys are 0, unknown keys rejected. */
    private static int[] dict(LayerConfig cfg, JsonNode p, String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext();) {
            String k = it.next().getKey();
            if (!allowed.contains(k)) {
                throw cfg.invalid("padding", "a dict with keys " + String.join(", ", keys), p);
            }
        }
        int[] v = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            JsonNode e = p.get(keys[i]);
            v[i] = e == null || e.isNull() ? 0 : cfg.toInt("padding." + keys[i], e);
        }
        return nonNegative(cfg, v);
    }

    private static int[] nonNegative(LayerConfig cfg, int[] v) {
        for (int x : v) {
            if (x < 0) {
                throw cfg.invalid("padding", "non-negative integers", cfg.json().get("padding"));
            }
        }
        return v;
    }
}
