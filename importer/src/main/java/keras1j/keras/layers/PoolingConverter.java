package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;

/**
 * MaxPooling1D/2D/3D and AveragePooling1D/2D/3D as one rank-generic {@link Pool}. 1D:
 * {@code pool_length}, {@code stride} (None: the pool length); 2D/3D: {@code pool_size},
 * {@code strides} (None: the pool size), {@code dim_ordering}. Padding never takes part (Keras 1 on
 * both backends); where it goes follows {@link PaddingRules}. Theano {@code same} 3D pooling follows
 * Keras 1.2.2's {@code pool3d} on Theano 0.9+ ({@code pool_3d} with padding, then the crop to
 * {@code ceil(n/s)}); Keras' fallback for older Theano versions, which rejects {@code same}, is not
 * what a Theano with {@code pool_3d} runs.
 */
final class PoolingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
                "AveragePooling3D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        String cls = cfg.className();
        int r = cls.endsWith("1D") ? 1 : cls.endsWith("2D") ? 2 : 3;
        PoolKind kind = cls.startsWith("Max") ? PoolKind.MAX : PoolKind.AVERAGE;
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);
        ctx.weights().expect();

        int[] pool;
        int[] strides;
        DimOrdering ordering;
        if (r == 1) {
            ordering = DimOrdering.TF;
            pool = new int[] {ConvSupport.positive(cfg, "pool_length", cfg.optionalInt("pool_length", 2))};
            strides = new int[] {ConvSupport.positive(cfg, "stride", cfg.optionalInt("stride", pool[0]))};
        } else {
            ordering = ctx.dimOrdering();
            int[] def = new int[r];
            java.util.Arrays.fill(def, 2);
            pool = ConvSupport.positive(cfg, "pool_size", cfg.optionalInts("pool_size", r, def));
            strides = ConvSupport.positive(cfg, "strides", cfg.optionalInts("strides", r, pool));
        }
        String mode = ConvSupport.borderMode(cfg, ctx.backend(), "valid", "same");

        int[] layout = Layouts.channelsLast(r + 2, ordering);
        String x = ctx.valueIn(in, layout);
        int[] xShape = ctx.shapeOf(x).dims();
        ConvSupport.WindowPads pads = ConvSupport.poolPads(cfg, ctx.backend(), mode, ConvSupport.spatialDims(xShape),
                pool, strides);
        String y = ctx.add(kind == PoolKind.MAX ? "maxpool" : "avgpool",
                new Pool(kind, pool, strides, pads.begin(), pads.end()), x);
        return List.of(ctx.tensor(y, layout));
    }
}
