package keras1j.keras.spi;

import java.util.Arrays;
import java.util.List;

import keras1j.keras.layers.KerasTensor;
import keras1j.keras.layers.LayerContext;
import keras1j.keras.layers.LayerConverter;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;

/**
 * Example service (listed in {@code META-INF/services/keras1j.keras.spi.LayerConverterProvider} of
 * the test class path): converts a user's own Keras layer class {@code ScaledTanh} with config
 * {@code scale}, computing {@code scale * tanh(x)}, into a tanh and a per-channel scale.
 */
public final class ScaledTanhProvider implements LayerConverterProvider {
    @Override
    public List<LayerConverter> converters() {
        return List.of(new LayerConverter() {
            @Override
            public List<String> classNames() {
                return List.of("ScaledTanh");
            }

            @Override
            public List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs) {
                ctx.weights().expect();
                KerasTensor x = ctx.single(inputs);
                float scale = (float) ctx.config().optionalDouble("scale", 1.0);
                int n = x.shape().dim(-1);
                float[] s = new float[n];
                Arrays.fill(s, scale);
                String t = ctx.add("tanh", Activation.of(ActivationKind.TANH), ctx.logical(x));
                String y = ctx.add("scale", new ChannelAffine(x.rank() - 1, s, new float[n]), t);
                return List.of(ctx.logicalTensor(y));
            }
        });
    }
}
