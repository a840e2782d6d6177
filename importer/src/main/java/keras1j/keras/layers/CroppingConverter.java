package keras1j.keras.layers;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Crop;

/**
 * Cropping1D ({@code cropping = (left, right)}), Cropping2D ({@code ((top, bottom), (left, right))})
 * and Cropping3D (three pairs) as a {@link Crop} on the spatial axes, in whatever layout the input
 * value has. 2D/3D use the image dim ordering (Keras 1.2.2 does not save theirs).
 */
final class CroppingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("Cropping1D", "Cropping2D", "Cropping3D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        int r = SpatialAxes.rankOf(cfg.className());
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);
        ctx.weights().expect();
        int[] b = new int[r];
        int[] e = new int[r];
        JsonNode c = cfg.node("cropping").orElse(null);
        if (r == 1) {
            int[] v = c == null ? new int[] {1, 1} : cfg.toInts("cropping", c, false);
            if (v.length != 2) {
                throw cfg.invalid("cropping", "a pair (left, right)", c);
            }
            b[0] = v[0];
            e[0] = v[1];
        } else if (c == null) {
            // Keras 1.2.2 defaults: ((0, 0), (0, 0)) and ((1, 1), (1, 1), (1, 1))
            java.util.Arrays.fill(b, r == 2 ? 0 : 1);
            java.util.Arrays.fill(e, r == 2 ? 0 : 1);
        } else {
            if (!c.isArray() || c.size() != r) {
                throw cfg.invalid("cropping", r + " pairs of integers", c);
            }
            for (int i = 0; i < r; i++) {
                int[] v = cfg.toInts("cropping", c.get(i), false);
                if (v.length != 2) {
                    throw cfg.invalid("cropping", r + " pairs of integers", c);
                }
                b[i] = v[0];
                e[i] = v[1];
            }
        }
        for (int i = 0; i < r; i++) {
            if (b[i] < 0 || e[i] < 0) {
                throw cfg.invalid("cropping", "non-negative integers", c);
            }
        }
        int[] axes = Layouts.spatialAxes(r + 2, r == 1 ? keras1j.keras.DimOrdering.TF : ctx.dimOrdering());
        for (int i = 0; i < r; i++) {
            int n = in.shape().dim(axes[i]);
            if (n != keras1j.runtime.ir.Shape.UNKNOWN && (long) b[i] + e[i] >= n) {
                throw cfg.invalid("cropping (" + b[i] + ", " + e[i] + ") leaves nothing of axis " + axes[i]
                        + " (size " + n + ") of input " + in.shape()
                        + (r == 1 ? "" : " with dim ordering '" + ctx.dimOrdering().keras()
                                + "' (Keras 1.2.2 does not save it for this layer: is image_dim_ordering right?)"));
            }
        }
        String y = ctx.add("crop", new Crop(SpatialAxes.onIrAxes(in, ctx.dimOrdering(), r, b, 0),
                SpatialAxes.onIrAxes(in, ctx.dimOrdering(), r, e, 0)), in.value());
        return List.of(ctx.tensor(y, in.perm()));
    }
}
