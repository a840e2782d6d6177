/**
 * An {@link keras1j.runtime.exec.Engine} on ONNX Runtime (artifact {@code keras1j-onnxruntime}):
 * {@link keras1j.onnxruntime.OnnxRuntimeEngine} exports the graph in memory with
 * {@code keras1j-onnx} and runs it in-process. Also available by name ({@code "onnxruntime"})
 * through {@link keras1j.runtime.exec.EngineRegistry}, registered by
 * {@link keras1j.onnxruntime.OnnxRuntimeEngineProvider}.
 */
package keras1j.onnxruntime;
