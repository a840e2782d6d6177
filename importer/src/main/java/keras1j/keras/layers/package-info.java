/**
 * Layer converters: one {@link keras1j.keras.layers.LayerConverter} per Keras layer family (all
 * ranks of a family share one), registered by class name in
 * {@link keras1j.keras.layers.ConverterRegistry}. Each Keras tensor is tracked as an IR value plus
 * the permutation from its Keras layout ({@link keras1j.keras.layers.KerasTensor}), so that
 * {@code th} images stay channels-last between spatial layers and transposes are inserted only where
 * a layer needs the Keras layout (Flatten, Reshape, Dense, model outputs, ...).
 * {@link keras1j.keras.layers.PaddingRules} is the single place that knows where each backend puts
 * {@code border_mode} padding.
 *
 * <p>Keras masks travel with the tensor ({@link keras1j.keras.layers.KerasTensor#mask()}) as an
 * explicit IR value {@code [N, T]} made by a {@link keras1j.runtime.ir.StepMask} op (Embedding
 * {@code mask_zero}, Masking), combined by a multi-input {@code Merge} as Keras'
 * {@code Merge.compute_mask} does (ordinary ops on the mask values), and read by
 * {@link keras1j.runtime.ir.Recurrent} ops, so both engines see it. Wrappers convert the wrapped layer
 * with its own converter: TimeDistributed through a time-distributed view of the
 * {@link keras1j.keras.layers.IrEmitter} that lifts every op to apply per step, for a known or an open
 * number of steps.
 * <p><b>Exported for layer converters</b> ({@link keras1j.keras.spi}): {@code LayerConverter},
 * {@code LayerContext}, {@code KerasTensor} and {@code LayerWeights} are what a user's converter is
 * written against; the other classes are keras1j's own converters, not part of the API, and may
 * change in any release (the API packages are listed in the README's Install section).
 */
package keras1j.keras.layers;
