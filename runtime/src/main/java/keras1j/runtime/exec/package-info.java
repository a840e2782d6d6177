/**
 * Execution of IR graphs. {@link keras1j.runtime.exec.Engine} is the common interface;
 * {@link keras1j.runtime.exec.JavaEngine} is the pure-Java implementation.
 *
 * <p>How the Java engine works: {@code JavaEngine.create} first runs the standard graph passes of
 * {@link keras1j.runtime.ir.pass.GraphOptimizer} (batch normalization folded into the convolution
 * or dense weights before it, zero padding absorbed into the convolutions that read it; values the
 * passes remove are still evaluated, from a plan of the unoptimized graph made on demand), then
 * compiles every node once into a kernel
 * step (one registry maps each {@link keras1j.runtime.ir.Op} record to its step and is checked to
 * cover every permitted op), packing weights for the SGEMM of {@code keras1j.runtime.kernel}.
 * Steps are rank-generic (1D-3D spatial ops share one loop nest). A schedule per request set
 * prunes unused nodes, fuses an activation into the convolution or dense layer before it when that
 * layer has no other reader, folds a sum of two values (a residual merge) into the convolution that
 * computes one of them under the same condition (the other operand, then the activation after the
 * sum, applied in the matrix product's epilogue while each output block is in cache), and counts reads so that a buffer returns to the call's arena after
 * its last reader; element-wise steps then overwrite their dying input in place. Work is split
 * over the engine's threads with the calling thread taking part.
 *
 * <p><b>Memory: weights are held once.</b> A graph's weights may be lazy
 * ({@link keras1j.runtime.tensor.Tensor#lazy}: an import reads a large weight from its file only
 * when used). Steps read them with {@link keras1j.runtime.tensor.Tensor#readData()}, which does not
 * keep the values in the graph, and keep only their own form: a packed copy, or, for matrices of
 * 16M values or more (large dense layers), the array itself read in place by the Vector API kernel
 * ({@code keras1j.runtime.kernel.PackedMatrix.view}). So an engine built from an imported model
 * holds each weight once, whether or not the caller keeps the model (a model whose weights are
 * already in memory shares its large arrays with the engine). The compile counts each weight once
 * in the memory budget's running total (reserved at its size, then replaced by what its step keeps;
 * a read that is packed is given back), compiles the steps with the largest weights first (the
 * largest transient comes while the heap is emptiest), and a Winograd convolution, whose transformed
 * kernel is larger than the kernel, takes the fastest transform that fits what the budget has left,
 * else the direct step. See BENCHMARKS.md, "Import and memory", for the heaps VGG16 needs.
 */
package keras1j.runtime.exec;
