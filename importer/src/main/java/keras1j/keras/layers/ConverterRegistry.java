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
    private final Map<String, LayerConverter> byLayer;

    private ConverterRegistry(Map<String, LayerConverter> byClass) {
        this(byClass, Map.of());
    }

    private ConverterRegistry(Map<String, LayerConverter> byClass, Map<String, LayerConverter> byLayer) {
        this.byClass = Collections.unmodifiableMap(new LinkedHashMap<>(byClass));
        this.byLayer = Collections.unmodifiableMap(new LinkedHashMap<>(byLayer));
    }

    /**
     * The registry of one import: {@link #standard()}, plus the converters of every
     * {@link keras1j.keras.spi.LayerConverterProvider} found by {@link java.util.ServiceLoader}, plus
     * {@code converters} (by class) and {@code layerConverters} (by layer name) from the import
     * options. Layer-name converters from the options win over those of providers.
     *
     * @throws IllegalArgumentException if a class is registered twice or is one keras1j converts
     */
    public static ConverterRegistry forImport(List<LayerConverter> converters,
            Map<String, LayerConverter> layerConverters) {
        List<LayerConverter> all = new java.util.ArrayList<>(standard().byClass.values().stream().distinct().toList());
        Map<String, LayerConverter> byLayer = new LinkedHashMap<>();
        for (keras1j.keras.spi.LayerConverterProvider p
                : java.util.ServiceLoader.load(keras1j.keras.spi.LayerConverterProvider.class)) {
            all.addAll(p.converters());
            byLayer.putAll(p.layerConverters());
        }
        all.addAll(converters);
        byLayer.putAll(layerConverters);
        return new ConverterRegistry(of(all).byClass, byLayer);
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
        LayerConverter named = byLayer.get(layer.name());
        if (named != null) {
            return named;
        }
        LayerConverter c = byClass.get(layer.className());
        if (c == null) {
            if ("Sequential".equals(layer.className()) || "Model".equals(layer.className())) {
                throw layer.unsupported("models nested as layers are not supported");
            }
            if ("Lambda".equals(layer.className())) {
                throw layer.unsupported("a Lambda layer holds Python code keras1j cannot import; if you know its "
                        + "function, map the layer onto IR ops with ImportOptions.withLayerConverter(\"" + layer.name()
                        + "\", converter) or a keras1j.keras.spi.LayerConverterProvider service");
            }
            throw layer.unsupported("layer class '" + layer.className() + "' is not supported; a converter for it "
                    + "can be registered with ImportOptions.withConverter(converter) or a "
                    + "keras1j.keras.spi.LayerConverterProvider service (see keras1j.keras.spi)");
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
                new HighwayConverter(), new MaxoutDenseConverter(), new LocallyConnectedConverter(),
                new MergeConverter(),
                new RecurrentConverter(), new MaskingConverter(), new WrapperConverter()));
    }
}
