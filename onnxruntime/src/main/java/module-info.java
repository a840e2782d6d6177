/**
 * The engine on ONNX Runtime (artifact {@code keras1j-onnxruntime}): {@code keras1j.onnxruntime}, also
 * found by name ({@code "onnxruntime"}) through {@code keras1j.runtime.exec.EngineRegistry}.
 *
 * @provides keras1j.runtime.exec.EngineProvider the engine named {@code onnxruntime}
 */
// ONNX Runtime is an automatic module with a stable name (Automatic-Module-Name: com.microsoft.onnxruntime)
@SuppressWarnings("requires-automatic")
module keras1j.onnxruntime {
    requires transitive keras1j.onnx;
    requires com.microsoft.onnxruntime;

    exports keras1j.onnxruntime;

    provides keras1j.runtime.exec.EngineProvider with keras1j.onnxruntime.OnnxRuntimeEngineProvider;
}
