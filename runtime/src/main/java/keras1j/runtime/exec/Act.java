package keras1j.runtime.exec;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.kernel.KernelSet;

/**
 * An element-wise activation with its Keras 1.2.2 formula, applied to array ranges (one loop per
 * kind so that the simple ones vectorize). Immutable and thread-safe.
 */
final class Act {
    private final ActivationKind kind;
    private final float alpha;
    private final KernelSet kernels;

    Act(ActivationKind kind, float alpha, KernelSet kernels) {
        this.kind = kind;
        this.alpha = alpha;
        this.kernels = kernels;
    }

    /**
     * {@code dst[i] = f(src[i])} for {@code i} in {@code [from, to)}; {@code src} may be {@code dst}.
     * Both arrays take the same index so that HotSpot can vectorize the simple kinds.
     */
    void apply(float[] src, float[] dst, int from, int to) {
        switch (kind) {
            case RELU -> {
                for (int i = from; i < to; i++) {
                    dst[i] = Math.max(src[i], 0f);
                }
            }
            case TANH -> kernels.tanh(src, dst, from, to);
            case SIGMOID -> kernels.sigmoid(src, dst, from, to);
            case HARD_SIGMOID -> {
                for (int i = from; i < to; i++) {
                    dst[i] = Math.min(Math.max(0.2f * src[i] + 0.5f, 0f), 1f);
                }
            }
            case SOFTPLUS -> {
                for (int i = from; i < to; i++) {
                    double x = src[i];
                    // log(1 + exp(x)) without overflow: max(x, 0) + log1p(exp(-|x|))
                    dst[i] = (float) (Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))));
                }
            }
            case SOFTSIGN -> {
                for (int i = from; i < to; i++) {
                    float x = src[i];
                    dst[i] = x / (1f + Math.abs(x));
                }
            }
            case ELU -> {
                double a = alpha;
                for (int i = from; i < to; i++) {
                    float x = src[i];
                    dst[i] = x > 0f ? x : (float) (a * Math.expm1(x));
                }
            }
            case LEAKY_RELU -> {
                float a = alpha;
                for (int i = from; i < to; i++) {
                    float x = src[i];
                    dst[i] = x > 0f ? x : a * x;
                }
            }
            case THRESHOLDED_RELU -> {
                float theta = alpha;
                for (int i = from; i < to; i++) {
                    float x = src[i];
                    dst[i] = x > theta ? x : 0f;
                }
            }
            default -> throw new AssertionError(kind);
        }
    }

    /** True for ReLU, which matrix products apply in their {@link keras1j.runtime.kernel.Epilogue}. */
    boolean isRelu() {
        return kind == ActivationKind.RELU;
    }

    /** The activation's kind in lower case, e.g. {@code relu}. */
    String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Rough cost per element, for deciding whether to parallelize. */
    int cost() {
        return switch (kind) {
            case RELU, HARD_SIGMOID, SOFTSIGN, LEAKY_RELU, THRESHOLDED_RELU -> 1;
            default -> 20;
        };
    }
}
