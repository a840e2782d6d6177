package keras1j.runtime.ir;

import java.util.List;

/**
 * One operation of the IR. Every op is a record with explicit, normalized parameters (explicit
 * begin/end pads, dilations, kernels in cross-correlation orientation), so that engines never need
 * to know which Keras backend or dim ordering a model came from.
 *
 * <p><b>Layout.</b> Spatial ops ({@link Conv}, {@link ConvTranspose}, {@link Pool},
 * {@link GlobalPool}) are channels-last by definition: input {@code [N, d1..dr, C]}. Axis-wise ops
 * ({@link Pad}, {@link Crop}, {@link Upsample}, {@link Transpose}, ...) list one entry per axis,
 * batch included. The batch axis (0) is never padded, cropped, resized or moved.
 *
 * <p>The interface is sealed so that every engine and exporter can switch over it exhaustively and
 * the compiler points out an op that one of them forgot. Ops are immutable; their array components
 * must not be modified after construction. Safe to share between threads.
 */
public sealed interface Op permits Conv, ConvTranspose, Pool, GlobalPool, Pad, Crop, Upsample, Dense,
        BatchMatMul, Cosine, CosineRatio, Standardize, LocallyConnected, SRelu, SampleAffine,
        ChannelAffine, Activation, Softmax, PRelu, Elementwise, Concat, Reshape, Transpose, RepeatVector,
        Gather,
        Recurrent, StepMask, MaskSteps {

    /**
     * Infers the output shape from the input shapes (batch axis symbolic or concrete) and validates
     * the op against them.
     *
     * @throws keras1j.errors.ShapeException naming the op, the input shapes and the expectation
     */
    Shape inferShape(List<Shape> inputs);

    /** Number of learned parameters this op holds (for summaries). */
    default long parameterCount() {
        return 0;
    }

    /**
     * True if a sample's output depends on the other samples of the batch it runs in (e.g. Keras'
     * BatchNormalization mode 2, which uses the statistics of the batch being evaluated): such a graph
     * gives different numbers when its inputs are split into other batches.
     */
    default boolean mixesSamples() {
        return false;
    }

    /** Short name for messages, e.g. {@code Conv}. */
    default String opName() {
        return getClass().getSimpleName();
    }
}
