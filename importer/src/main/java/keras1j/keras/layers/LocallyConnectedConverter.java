package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.LocallyConnected;
import keras1j.runtime.tensor.Tensor;

/**
 * Keras 1.2.2 {@code LocallyConnected1D} and {@code LocallyConnected2D} ({@code border_mode='valid'}
 * only, as in Keras) as one {@link LocallyConnected}. Weights: 1D {@code W (out_len,
 * filter_length*input_dim, nb_filter)} with the patch flattened (step, channel), {@code b (out_len,
 * nb_filter)}; 2D {@code W (out_rows*out_cols, nb_row*nb_col*channels, nb_filter)} with the patch
 * flattened (channel, row, col) in {@code th} and (row, col, channel) in {@code tf}, {@code b
 * (out_rows, out_cols, nb_filter)}. In {@code th} Keras adds the bias after a plain row-major reshape
 * to {@code (nb_filter, out_rows, out_cols)}, not a transpose: bias value {@code f*P + p} goes to
 * position {@code p}, filter {@code f}. The patch order is brought to (row, col, channel) here.
 */
final class LocallyConnectedConverter implements LayerConverter {

    @Override
    public List<String> classNames() {
        return List.of("LocallyConnected1D", "LocallyConnected2D");
    }

    @Override
    public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
        LayerConfig cfg = ctx.config();
        int r = cfg.className().endsWith("1D") ? 1 : 2;
        DimOrdering ordering = r == 1 ? DimOrdering.TF : ctx.dimOrdering();
        KerasTensor in = ctx.requireRank(ctx.single(inputs), r + 2);
        int nbFilter = ConvSupport.positive(cfg, "nb_filter", cfg.requiredInt("nb_filter"));
        int[] kernelSize;
        int[] strides;
        if (r == 1) {
            kernelSize = new int[] {ConvSupport.positive(cfg, "filter_length", cfg.requiredInt("filter_length"))};
            strides = new int[] {ConvSupport.positive(cfg, "subsample_length", cfg.optionalInt("subsample_length", 1))};
        } else {
            kernelSize = new int[] {ConvSupport.positive(cfg, "nb_row", cfg.requiredInt("nb_row")),
                ConvSupport.positive(cfg, "nb_col", cfg.requiredInt("nb_col"))};
            strides = ConvSupport.positive(cfg, "subsample", cfg.optionalInts("subsample", 2, 1, 1));
        }
        String border = cfg.optionalString("border_mode", "valid");
        if (!"valid".equals(border)) {
            throw cfg.unsupported("border_mode", border, "Keras 1.2.2 implements only 'valid'");
        }
        boolean bias = cfg.optionalBoolean("bias", true);
        int[] layout = Layouts.channelsLast(r + 2, ordering);
        String x = ctx.valueIn(in, layout);
        int[] irIn = ctx.shapeOf(x).dims();
        int cin = irIn[r + 1];
        int[] out = new int[r];
        int positions = 1;
        int taps = 1;
        for (int a = 0; a < r; a++) {
            if (irIn[a + 1] < 1) {
                throw cfg.unsupported("input has an open size (None) on a spatial axis: " + in.shape()
                        + "; a locally connected layer has one kernel per output position");
            }
            if (irIn[a + 1] < kernelSize[a]) {
                throw cfg.invalid("input " + in.shape() + " is smaller than the kernel");
            }
            out[a] = (irIn[a + 1] - kernelSize[a]) / strides[a] + 1;
            positions *= out[a];
            taps *= kernelSize[a];
        }
        LayerWeights w = ctx.weights();
        if (bias) {
            w.expect("W", "b");
        } else {
            w.expect("W");
        }
        Tensor kernel = w.get(0, positions, taps * cin, nbFilter);
        if (r == 2 && ordering == DimOrdering.TH) {
            // (P, C, rows, cols, F) -> (P, rows, cols, C, F)
            kernel = Layouts.transpose(kernel.reshape(positions, cin, kernelSize[0], kernelSize[1], nbFilter),
                    0, 2, 3, 1, 4).reshape(positions, taps * cin, nbFilter);
        }
        float[] b = null;
        if (bias) {
            Tensor saved = r == 1 ? w.get(1, positions, nbFilter) : w.get(1, out[0], out[1], nbFilter);
            b = saved.data().clone();
            if (r == 2 && ordering == DimOrdering.TH) {
                // Keras reads the saved values row-major as (F, P)
                b = Layouts.transpose(Tensor.of(saved.data(), nbFilter, positions), 1, 0).data();
            }
        }
        String y = ctx.add("local", new LocallyConnected(kernel, b, kernelSize, strides), x);
        return List.of(Activations.apply(ctx, ctx.tensor(y, layout)));
    }
}
