/**
 * The typed IR: a {@link keras1j.runtime.ir.Graph} of {@link keras1j.runtime.ir.Node}s, each
 * applying one {@link keras1j.runtime.ir.Op} record. Invariants: nodes are in topological order;
 * every value has a unique name and a shape inferred when its node was added; axis 0 is the batch
 * axis and is never changed by an op; spatial ops are channels-last; pads are explicit and
 * non-negative; kernels are in cross-correlation orientation. Nothing here knows about Keras.
 */
package keras1j.runtime.ir;
