package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.PoolKind;

/**
 * GlobalMaxPooling1D/2D/3D and GlobalAveragePooling1D/2D/3D as {@link GlobalPool} over the
 * channels-last value: {@code (batch, channels)} out. 2D/3D follow their saved {@code dim_ordering}.
 */
final class GlobalPoolingConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "GlobalAveragePooling1D",
                "GlobalAveragePooling2D", "GlobalAveragePooling3D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        String cls = cfg.className();
        int r = SpatialAxes.rankOf(cls);
        PoolKind kind = cls.startsWith("GlobalMax") ? PoolKind.MAX : PoolKind.AVERAGE;
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);
        ctx.weights().expect();
        DimOrdering ordering = r == 1 ? DimOrdering.TF : ctx.dimOrdering();
        String x = ctx.valueIn(in, Layouts.channelsLast(r + 2, ordering));
        String y = ctx.add(kind == PoolKind.MAX ? "globalmaxpool" : "globalavgpool", new GlobalPool(kind), x);
        return List.of(ctx.logicalTensor(y));
    }
}
