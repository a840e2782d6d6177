package keras1j.keras.layers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.config.LayerConfig;

/**
 * Keras class name to converter. Registering a class name twice is rejected; looking up an unknown
 * class fails with an {@link UnsupportedFeatureException} naming the layer and the class. Immutable
 * after construction and thread-safe.
 */
public final class ConverterRegistry {
    private final Map<String, LayerConverter> byClass;

    private ConverterRegistry(Map<String, LayerConverter> byClass) {
        this.byClass = Collections.unmodifiableMap(new LinkedHashMap<>(byClass));
    }

    /** A registry of {@code converters}. */
    public static ConverterRegistry of(List<LayerConverter> converters) {
        Map<String, LayerConverter> m = new LinkedHashMap<>();
        for (LayerConverter c : converters) {
            for (String name : c.classNames()) {
                LayerConverter previous = m.putIfAbsent(name, c);
                if (previous != null) {
                    throw new IllegalArgumentException("Keras class '" + name + "' registered twice: by "
                            + previous.getClass().getSimpleName() + " and " + c.getClass().getSimpleName());
                }
            }
        }
        return new ConverterRegistry(m);
    }

    /** Every Keras 1.2.2 layer class keras1j supports. */
    public static ConverterRegistry standard() {
        return Holder.STANDARD;
    }

    /** The supported class names, in registration order. */
    public Set<String> classNames() {
        return byClass.keySet();
    }

    public boolean supports(String className) {
        return byClass.containsKey(className);
    }

    /**
     * The converter for {@code layer}'s class.
     *
     * @throws UnsupportedFeatureException naming the layer and class if none is registered
     */
    public LayerConverter converterFor(LayerConfig layer) {
        LayerConverter c = byClass.get(layer.className());
        if (c == null) {
            if ("Sequential".equals(layer.className()) || "Model".equals(layer.className())) {
                throw layer.unsupported("models nested as layers are not supported");
            }
            throw layer.unsupported("layer class '" + layer.className() + "' is not supported");
        }
        return c;
    }

    private static final class Holder {
        static final ConverterRegistry STANDARD = of(List.of(
                new ConvolutionConverter(),
                new SeparableConvolutionConverter(),
                new DeconvolutionConverter(),
                new PoolingConverter(),
                new GlobalPoolingConverter(),
                new ZeroPaddingConverter(),
                new CroppingConverter(),
                new UpSamplingConverter(),
                new DenseConverter(),
                new ActivationLayerConverter(),
                new IdentityConverter(),
                new ShapeConverter(),
                new EmbeddingConverter(),
                new BatchNormalizationConverter(),
                new MergeConverter(),
                new RecurrentConverter(), new MaskingConverter(), new WrapperConverter()));
    }
}
