/**
 * Public API of the Keras 1 importer: {@link keras1j.keras.KerasModelLoader} reads a Keras 1.x model
 * (full-model HDF5, or architecture JSON plus optional weights HDF5) and returns an
 * {@link keras1j.keras.ImportedModel} holding the keras1j IR graph and what the import decided
 * ({@link keras1j.keras.Backend}, {@link keras1j.keras.DimOrdering}, and why), with per-layer
 * summaries and taps. {@link keras1j.keras.ImportOptions} overrides the inferred settings.
 *
 * <p>All Keras quirks (kernel layouts, Theano kernel flips, per-backend padding, dim orderings,
 * BatchNormalization's variance-in-running_std) are resolved here: the graph holds only explicit,
 * normalized IR ops.
 */
package keras1j.keras;
