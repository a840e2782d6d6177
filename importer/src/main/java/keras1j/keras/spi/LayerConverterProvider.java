package keras1j.keras.spi;

import java.util.List;
import java.util.Map;

import keras1j.keras.layers.LayerConverter;

/**
 * A service that contributes converters for Keras layers keras1j does not know: a user's own layer
 * classes, or single layers such as a {@code Lambda} whose Python function the user knows. Found
 * with {@link java.util.ServiceLoader} (list the implementation in
 * {@code META-INF/services/keras1j.keras.spi.LayerConverterProvider} on the class path, or
 * {@code provides} it in a module), once per import; implementations need a public no-argument
 * constructor. The same converters can be given to one import directly with
 * {@link keras1j.keras.ImportOptions#withConverter} and
 * {@link keras1j.keras.ImportOptions#withLayerConverter}. See the package documentation for the
 * rules. Implementations must be thread-safe (imports may run concurrently).
 */
public interface LayerConverterProvider {
    /**
     * Converters by Keras class name: each handles the class names its
     * {@link LayerConverter#classNames()} lists. A class keras1j converts itself, or one listed twice,
     * is rejected when the import starts.
     */
    default List<LayerConverter> converters() {
        return List.of();
    }

    /**
     * Converters by layer name (the {@code name} in the layer's configuration), whatever its class:
     * the way to import a {@code Lambda} layer, whose class name says nothing of its function. A
     * layer-name converter takes precedence over every class converter, keras1j's own included.
     */
    default Map<String, LayerConverter> layerConverters() {
        return Map.of();
    }
}
