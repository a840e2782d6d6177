/**
 * The Keras 1 importer (artifact {@code keras1j-importer}): {@code keras1j.Keras1j} (one call),
 * {@code keras1j.keras} (loading models), {@code keras1j.keras.io} (Keras files and HDF5 tensors), and
 * the extension point for user layers, {@code keras1j.keras.spi} with the converter types it is written
 * against ({@code keras1j.keras.layers}, {@code keras1j.keras.config}). {@code keras1j.keras.graph} (model
 * assembly) is internal and not exported. {@code LayerConfig}'s raw-JSON members use Jackson's
 * {@code JsonNode}; a converter module that calls them requires {@code com.fasterxml.jackson.databind}
 * itself (this module reads Jackson without re-exporting it).
 *
 * @uses keras1j.keras.spi.LayerConverterProvider converters for user layers
 */
// jhdf is an automatic module with a stable name (Automatic-Module-Name: io.jhdf)
@SuppressWarnings("requires-automatic")
module keras1j.importer {
    requires transitive keras1j.runtime;
    requires com.fasterxml.jackson.databind;
    requires io.jhdf;
    // on behalf of jhdf, an automatic module that cannot declare its dependencies: these are explicit
    // modules, which the module path would otherwise not resolve (jhdf needs SLF4J and commons-lang3 for
    // every file, compress-lzf for LZF-compressed datasets)
    requires org.slf4j;
    requires org.apache.commons.lang3;
    requires com.ning.compress.lzf;

    exports keras1j;
    exports keras1j.keras;
    exports keras1j.keras.config;
    exports keras1j.keras.io;
    exports keras1j.keras.layers;
    exports keras1j.keras.spi;

    uses keras1j.keras.spi.LayerConverterProvider;
}
