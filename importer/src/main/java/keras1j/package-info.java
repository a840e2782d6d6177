/**
 * The one-call API: {@link keras1j.Keras1j#load} gives a thread-safe {@link keras1j.Model} that
 * predicts on the Java engine. The full API is in {@code keras1j.keras} (import),
 * {@code keras1j.runtime.exec} (engines), {@code keras1j.onnx} (export, artifact
 * {@code keras1j-onnx}) and {@code keras1j.onnxruntime} (artifact {@code keras1j-onnxruntime}).
 */
package keras1j;
