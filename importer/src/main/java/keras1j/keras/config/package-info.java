/**
 * Reading Keras 1 model configurations: {@link keras1j.keras.config.ModelConfigParser} turns the
 * architecture JSON (Sequential or functional Model) into a {@link keras1j.keras.config.ModelTopology};
 * {@link keras1j.keras.config.LayerConfig} gives typed access to one layer's fields with errors that
 * name the file, layer, class and field.
 */
package keras1j.keras.config;
