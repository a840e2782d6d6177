/**
 * The typed IR: a {@link keras1j.runtime.ir.Graph} of {@link keras1j.runtime.ir.Node}s, each
 * applying one {@link keras1j.runtime.ir.Op} record. Invariants: nodes are in topological order;
 * every value has a unique name and a shape inferred when its node was added; axis 0 is the batch
 * axis and is never changed by an op (except that {@link keras1j.runtime.ir.Standardize} may take
 * statistics across it); spatial ops are channels-last; pads are explicit and non-negative; kernels
 * are in cross-correlation orientation. Nothing here knows about Keras.
 *
 * <h2>Open sizes</h2>
 * A graph input may leave non-batch axes open ({@link keras1j.runtime.ir.Shape#UNKNOWN}, Keras'
 * {@code None}, e.g. a sequence length). Such a graph is a <i>template</i>: value shapes carry
 * {@code UNKNOWN} wherever the size depends on an open input size, and
 * {@link keras1j.runtime.ir.Graph#withInputShapes} re-runs every op's shape inference on concrete
 * input shapes to give an ordinary, fully sized graph. The rules that make this one mechanism:
 * <ul>
 * <li><b>Op parameters never depend on an open size.</b> Importers compute pads, kernels, reshape
 * targets and the like from the configuration only, and reject (as unsupported) a layer whose
 * parameters would depend on the open size (e.g. TensorFlow {@code same} padding with a stride).</li>
 * <li><b>Shape inference accepts {@code UNKNOWN}</b> on the axes an op does not need to know and
 * propagates it (a window over an open axis gives an open output, a concatenation along it too); an
 * op that needs a size (weights per position, a {@link keras1j.runtime.ir.Reshape} whose target
 * neither copies nor infers the open axis) fails with a {@link keras1j.errors.ShapeException}. A new op supports open sizes by exactly this: e.g. a
 * recurrent op over {@code [N, T, F]} only has to return {@code [N, T, U]} (or {@code [N, U]}) with
 * {@code T} possibly {@code UNKNOWN}; nothing else in the engines changes for it.</li>
 * <li><b>The Java engine plans per concrete shape</b>: it specializes the template for the shapes of
 * each call's inputs and caches the compiled plans, so every step is built for known sizes.</li>
 * <li><b>The ONNX lowering is shape-agnostic on open axes</b>: graph inputs name an open axis with a
 * {@code dim_param}, and a lowering must not bake a size that can be open into the model (reshape
 * targets use 0/-1, slices count from the end, loops run over the actual length).</li>
 * </ul>
 */
package keras1j.runtime.ir;
