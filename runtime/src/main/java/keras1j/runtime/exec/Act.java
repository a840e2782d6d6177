package keras1j.runtime.exec;

import keras1j.runtime.ir.ActivationKind;

/**
 * An element-wise activation with its Keras 1.2.2 formula, applied to array ranges (one loop per
 * kind so that the simple ones vectorize). Immutable and thread-safe.
 */
final class Act {
    private final ActivationKind kind;
    private final float alpha;

    Act(ActivationKind kind, float alpha) {
        this.kind = kind;
        this.alpha = alpha;
    }

    /** {@code dst[dOff + i] = f(src[sOff + i])} for {@code i < len}; {@code src} may equal {@code dst} at the same offset. */
    void apply(float[] src, int sOff, float[] dst, int dOff, int len) {
        switch (kind) {
            case RELU -> {
                for (int i = 0; i < len; i++) {
                    dst[dOff + i] = Math.max(src[sOff + i], 0f);
                }
            }
            case TANH -> {
                for (int i = 0; i < len; i++) {
                    dst[dOff + i] = (float) Math.tanh(src[sOff + i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    dst[dOff + i] = (float) (1.0 / (1.0 + Math.exp(-src[sOff + i])));
                }
            }
            case HARD_SIGMOID -> {
                for (int i = 0; i < len; i++) {
                    dst[dOff + i] = Math.min(Math.max(0.2f * src[sOff + i] + 0.5f, 0f), 1f);
                }
            }
            case SOFTPLUS -> {
                for (int i = 0; i < len; i++) {
                    double x = src[sOff + i];
                    // log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|))
                    dst[dOff + i] = (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
                }
            }
            case SOFTSIGN -> {
                for (int i = 0; i < len; i++) {
                    float x = src[sOff + i];
                    dst[dOff + i] = x / (1f + Math.abs(x));
                }
            }
            case ELU -> {
                double a = alpha;
                for (int i = 0; i < len; i++) {
                    float x = src[sOff + i];
                    dst[dOff + i] = x > 0f ? x : (float) (a * Math.expm1(x));
                }
            }
            case LEAKY_RELU -> {
                float a = alpha;
                for (int i = 0; i < len; i++) {
                    float x = src[sOff + i];
                    dst[dOff + i] = x > 0f ? x : a * x;
                }
            }
            default -> throw new AssertionError(kind);
        }
    }

    /** Rough cost per element, for deciding whether to parallelize. */
    int cost() {
        return switch (kind) {
            case RELU, HARD_SIGMOID, SOFTSIGN, LEAKY_RELU -> 1;
            default -> 20;
        };
    }
}
