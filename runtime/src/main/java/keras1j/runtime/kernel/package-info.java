/**
 * Numeric kernels of the pure-Java engine, independent of the IR: {@link keras1j.runtime.kernel.Sgemm}
 * with pre-packed operands ({@link keras1j.runtime.kernel.PackedMatrix}) and the run-time choice of
 * implementation ({@link keras1j.runtime.kernel.Kernels}): a plain-Java kernel that HotSpot
 * auto-vectorizes, and a register-blocked kernel on the JDK Vector API used when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}.
 */
package keras1j.runtime.kernel;
