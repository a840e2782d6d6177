/**
 * Assembling the IR graph of a whole model: {@link keras1j.keras.graph.ModelAssembler} applies the
 * layer converters node by node (shared layers included) and collects summaries and taps;
 * {@link keras1j.keras.graph.ImportSettings} decides the backend and global dim ordering with a
 * reason.
 *
 * <p><b>Internal</b>: not exported by the module {@code keras1j.importer} (its public classes are
 * reachable on the class path only, for keras1j's own tests); not part of the API, may change in
 * any release (the API packages are listed in the README's Install section).
 */
package keras1j.keras.graph;
