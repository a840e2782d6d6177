package keras1j.onnx;

import keras1j.errors.UnsupportedFeatureException;

/**
 * Options of the ONNX export. Immutable and thread-safe; change one field with a {@code withX} copy.
 *
 * @param opset the version of the default ONNX operator set, {@value #MIN_OPSET}..{@value #MAX_OPSET}
 */
public record OnnxExportOptions(int opset) {
    /** Oldest supported opset: single-axis Softmax, axes as inputs of Unsqueeze/Slice. */
    public static final int MIN_OPSET = 13;
    /** Newest supported opset (ReduceMean and friends take axes as an input from 18 on). */
    public static final int MAX_OPSET = 17;

    /**
     * @throws UnsupportedFeatureException if {@code opset} is outside {@value #MIN_OPSET}..{@value #MAX_OPSET}
     */
    public OnnxExportOptions {
        if (opset < MIN_OPSET || opset > MAX_OPSET) {
            throw new UnsupportedFeatureException("ONNX opset " + opset + " is not supported (supported: "
                    + MIN_OPSET + ".." + MAX_OPSET + ")");
        }
    }

    /** Opset 13, the widest-supported choice. */
    public static OnnxExportOptions defaults() {
        return new OnnxExportOptions(MIN_OPSET);
    }

    /** A copy with another opset; fails like the constructor. */
    public OnnxExportOptions withOpset(int newOpset) {
        return new OnnxExportOptions(newOpset);
    }

    /** The ONNX IR version that goes with {@link #opset()}: 7 for opset 13, 8 for 14..17. */
    public long irVersion() {
        return opset == 13 ? 7 : 8;
    }
}
