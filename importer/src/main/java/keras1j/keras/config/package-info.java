/**
 * Reading Keras 1 model configurations: {@link keras1j.keras.config.ModelConfigParser} turns the
 * architecture JSON (Sequential or functional Model) into a {@link keras1j.keras.config.ModelTopology};
 * {@link keras1j.keras.config.LayerConfig} gives typed access to one layer's fields with errors that
 * name the file, layer, class and field.
 *
 * <p><b>Exported for layer converters</b> ({@link keras1j.keras.spi}), which read their layer's
 * configuration through {@code LayerConfig}; the parser and topology classes are keras1j's own, not
 * part of the API, and may change in any release (the API packages are listed in the README's
 * Install section).
 */
package keras1j.keras.config;
