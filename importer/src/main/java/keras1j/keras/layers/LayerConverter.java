package keras1j.keras.layers;

import java.util.List;

/**
 * Translates one family of Keras 1 layer classes (e.g. all convolutions) into IR nodes. Stateless
 * and thread-safe; all per-import state lives in the {@link LayerContext}. Also the type users
 * implement to import their own layers (see {@link keras1j.keras.spi}).
 */
public interface LayerConverter {
    /** The Keras class names this converter handles. */
    List<String> classNames();

    /**
     * Translates one application of the layer.
     *
     * @param ctx    the layer and graph context
     * @param inputs the Keras tensors the layer consumes at this application
     * @return the Keras tensors it produces
     */
    List<KerasTensor> convert(LayerContext ctx, List<KerasTensor> inputs);

    /**
     * True if this converter sets its outputs' Keras masks itself. Otherwise the importer gives the
     * outputs of a single-input layer its input's mask (what Keras 1.2.2 does for every layer that
     * accepts a mask without computing its own; layers that accept none never receive one in a
     * model Keras built).
     */
    default boolean handlesMasks() {
        return false;
    }
}
