/**
 * ONNX export of the keras1j IR (artifact {@code keras1j-onnx}; no ONNX Runtime dependency: the
 * engine on ONNX Runtime is {@code keras1j.onnxruntime.OnnxRuntimeEngine} in
 * {@code keras1j-onnxruntime}).
 *
 * <p>Public API: {@link keras1j.onnx.OnnxExporter} (model bytes, {@code ModelProto}, atomic file
 * write) and {@link keras1j.onnx.OnnxExportOptions} (opset 13..17). Everything else is package-private: a small graph
 * builder ({@code OnnxContext}), the per-op lowering ({@code OnnxLowering}, one exhaustive
 * dispatch over the sealed {@code Op}) and a transpose pass ({@code TransposeOptimizer}) that
 * removes the NHWC/NCHW round trips between consecutive spatial ops.
 *
 * <p>Exported models keep the IR's graph input and output names and layouts (the Keras layout of
 * the source model) with a symbolic batch dimension {@code N}; spatial ops run channels-first
 * inside, with explicit pads (never {@code auto_pad}).
 */
package keras1j.onnx;
