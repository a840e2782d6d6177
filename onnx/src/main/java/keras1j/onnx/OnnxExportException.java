package keras1j.onnx;

import keras1j.errors.Keras1jException;

/** Writing an exported ONNX model failed (I/O); the message names the target file. */
public class OnnxExportException extends Keras1jException {
    private static final long serialVersionUID = 1L;

    public OnnxExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
