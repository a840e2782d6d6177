/**
 * Numeric kernels of the pure-Java engine, independent of the IR: {@link keras1j.runtime.kernel.Sgemm}
 * with pre-packed operands ({@link keras1j.runtime.kernel.PackedMatrix}) and the run-time choice of
 * implementation ({@link keras1j.runtime.kernel.Kernels}).
 */
package keras1j.runtime.kernel;
