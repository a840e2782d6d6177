package keras1j.onnx;

import java.util.Objects;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.runtime.tensor.WeightProgress;

/**
 * Options of the ONNX export. Immutable and thread-safe (a {@link WeightProgress} shared by exports
 * running at once must be thread-safe itself); change one field with a {@code withX} copy.
 *
 * @param opset          the version of the default ONNX operator set, {@value #MIN_OPSET}..{@value #MAX_OPSET}
 * @param graphPasses    whether the export first runs the standard IR passes
 *                       ({@link keras1j.runtime.ir.pass.GraphOptimizer}, the same the Java engine runs:
 *                       batch normalization folded into the convolution or dense weights before it, zero
 *                       padding absorbed into the convolution's pads, unit-axis transposes as reshapes);
 *                       the model outputs (and any other values the export is asked to output) always
 *                       keep their meaning. On by default.
 * @param weightProgress hears the bytes of weights streamed into the model as it is written or built
 *                       ({@link OnnxModel#writeTo}, {@link OnnxModel#toProto}, so also the ONNX Runtime
 *                       engine's creation); {@link WeightProgress#none()} by default
 */
public record OnnxExportOptions(int opset, boolean graphPasses, WeightProgress weightProgress) {
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
        Objects.requireNonNull(weightProgress, "weightProgress");
    }

    /**
     * The export at {@code opset} with the graph passes on and no weight progress.
     *
     * @throws UnsupportedFeatureException if {@code opset} is outside {@value #MIN_OPSET}..{@value #MAX_OPSET}
     */
    public OnnxExportOptions(int opset) {
        this(opset, true, WeightProgress.none());
    }

    /** Opset 13, the widest-supported choice, with the graph passes on. */
    public static OnnxExportOptions defaults() {
        return new OnnxExportOptions(MIN_OPSET);
    }

    /** A copy with another opset; fails like the constructor. */
    public OnnxExportOptions withOpset(int newOpset) {
        return new OnnxExportOptions(newOpset, graphPasses, weightProgress);
    }

    /** A copy that reports the weights written into the model to {@code newWeightProgress}. */
    public OnnxExportOptions withWeightProgress(WeightProgress newWeightProgress) {
        return new OnnxExportOptions(opset, graphPasses, newWeightProgress);
    }

    /** A copy with the standard IR passes turned on or off ({@code false} lowers the graph node for node). */
    public OnnxExportOptions withGraphPasses(boolean on) {
        return new OnnxExportOptions(opset, on, weightProgress);
    }

    /** The ONNX IR version that goes with {@link #opset()}: 7 for opset 13, 8 for 14..17. */
    public long irVersion() {
        return opset == 13 ? 7 : 8;
    }
}
