/**
 * Numeric kernels of the pure-Java engine, independent of the IR: {@link keras1j.runtime.kernel.Sgemm}
 * with pre-packed operands ({@link keras1j.runtime.kernel.PackedMatrix}) and the run-time choice of
 * implementation ({@link keras1j.runtime.kernel.Kernels}): a plain-Java kernel that HotSpot
 * auto-vectorizes, and a register-blocked kernel on the JDK Vector API used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; {@link keras1j.runtime.kernel.Kernels#description()}
 * names the choice. {@link keras1j.runtime.kernel.ArrayMath} holds the element-wise kernels chosen the
 * same way: float-accurate vectorized exp, sigmoid and tanh, and the depthwise multiply-add over
 * kernel taps.
 *
 * <p>Packing copies a matrix; a kernel may instead take a large one as a
 * {@link keras1j.runtime.kernel.PackedMatrix#view view} of the caller's array (the Vector API kernel
 * does from 16M values on: the dense layers that dominate a VGG's weights), so that a model's
 * largest weights are not held twice. Every kernel accepts both forms.
 *
 * <p><b>Internal</b>: not exported by the module {@code keras1j.runtime} (its public classes are
 * reachable on the class path only, for keras1j's own tests and benchmarks); not part of the API,
 * may change in any release (the API packages are listed in the README's Install section).
 */
package keras1j.runtime.kernel;
