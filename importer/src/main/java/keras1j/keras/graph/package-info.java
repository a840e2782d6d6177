/**
 * Assembling the IR graph of a whole model: {@link keras1j.keras.graph.ModelAssembler} applies the
 * layer converters node by node (shared layers included) and collects summaries and taps;
 * {@link keras1j.keras.graph.ImportSettings} decides the backend and global dim ordering with a
 * reason.
 */
package keras1j.keras.graph;
