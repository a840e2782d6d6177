/**
 * The Keras 1 importer (artifact {@code keras1j-importer}): {@code keras1j.Keras1j} (one call),
 * {@code keras1j.keras} (loading models), {@code keras1j.keras.io} (Keras files and HDF5 tensors), and
 * the extension point for user layers, {@code keras1j.keras.spi} with the converter types it is written
 * against ({@code keras1j.keras.layers}, {@code keras1j.keras.config}). {@code keras1j.keras.graph} (model
 * assembly) is internal and not exported.
 *
 * @uses keras1j.keras.spi.LayerConverterProvider converters for user layers
 */
// jhdf is an automatic module with a stable name (Automatic-Module-Name: io.jhdf)
@SuppressWarnings("requires-automatic")
module keras1j.importer {
    requires transitive keras1j.runtime;
    requires com.fasterxml.jackson.databind;
    requires io.jhdf;

    exports keras1j;
    exports keras1j.keras;
    exports keras1j.keras.config;
    exports keras1j.keras.io;
    exports keras1j.keras.layers;
    exports keras1j.keras.spi;

    uses keras1j.keras.spi.LayerConverterProvider;
}
