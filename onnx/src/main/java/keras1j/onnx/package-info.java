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
 * <p><b>Memory.</b> Large initializers (from 16K values) are not copied into the {@code ModelProto}
 * while lowering: {@code OnnxContext} records how to make their values (a weight, or a kernel
 * permuted to ONNX's layout), and {@code OnnxModel} streams the serialized model, making one
 * initializer at a time (a lazily imported weight is read from its file then, and not kept) and
 * writing it in small chunks. {@link keras1j.onnx.OnnxExporter#write} streams to the file; the ONNX
 * Runtime engine serializes once into a direct buffer (off the Java heap) and creates its session
 * from it, so it holds no weights on the Java heap afterwards. {@link keras1j.onnx.OnnxExporter#toModel}
 * still builds the whole {@code ModelProto} (with copies of every weight).
 */
package keras1j.onnx;
