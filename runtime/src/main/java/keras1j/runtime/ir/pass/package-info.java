/**
 * Graph optimizations as passes over the IR ({@link keras1j.runtime.ir.pass.GraphPass}): each
 * rewrites a {@link keras1j.runtime.ir.Graph} into an equivalent cheaper one, keeping the inputs,
 * outputs and the values a caller asks to keep; {@link keras1j.runtime.ir.pass.GraphOptimizer} runs
 * the standard sequence, which the Java engine applies before planning and the ONNX export before
 * lowering.
 */
package keras1j.runtime.ir.pass;
