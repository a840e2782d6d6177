package keras1j.runtime.ir;

/** Element-wise activation functions, with Keras 1.2.2 definitions. */
public enum ActivationKind {
    /** {@code max(0, x)}. */
    RELU,
    /** {@code tanh(x)}. */
    TANH,
    /** {@code 1 / (1 + exp(-x))}. */
    SIGMOID,
    /** {@code clip(0.2 x + 0.5, 0, 1)}. */
    HARD_SIGMOID,
    /** {@code log(1 + exp(x))}. */
    SOFTPLUS,
    /** {@code x / (1 + |x|)}. */
    SOFTSIGN,
    /** {@code x > 0 ? x : alpha (exp(x) - 1)}. */
    ELU,
    /** {@code x > 0 ? x : alpha x}. */
    LEAKY_RELU,
    /** {@code x > alpha ? x : 0} (Keras ThresholdedReLU, {@code alpha} is {@code theta}). */
    THRESHOLDED_RELU
}
