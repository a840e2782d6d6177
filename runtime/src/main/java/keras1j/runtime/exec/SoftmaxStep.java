package keras1j.runtime.exec;

import keras1j.runtime.ir.Softmax;
import keras1j.runtime.kernel.KernelSet;

/** Max-subtracted softmax along any non-batch axis. Immutable; thread-safe. */
final class SoftmaxStep extends Step {
    private final int outer;
    private final int c;
    private final int inner;
    private final KernelSet kernels;

    SoftmaxStep(String name, Softmax op, int[] inSample, KernelSet kernels) {
        super(name);
        this.kernels = kernels;
        int a = op.axis() - 1;
        this.outer = Nd.product(inSample, 0, a);
        this.c = inSample[a];
        this.inner = Nd.product(inSample, a + 1, inSample.length);
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int lines = batch * outer * inner;
        exec.parallel.forRange(lines, Nd.rowGrain(c), (long) lines * c * 4, (w, l0, l1) -> {
            if (inner == 1) {
                softmax(x, out, l0 * c, l1 - l0);
                return;
            }
            float[] line = new float[c];
            for (int l = l0; l < l1; l++) {
                int o = l / inner;
                int base = o * c * inner + (l - o * inner);
                for (int j = 0; j < c; j++) {
                    line[j] = x[base + j * inner];
                }
                softmax(line, line, 0, 1);
                for (int j = 0; j < c; j++) {
                    out[base + j * inner] = line[j];
                }
            }
        });
    }

    /**
     * Softmax of {@code lines} consecutive lines of {@code c} values from {@code x[from]} into
     * {@code out[from]} ({@code out} may be {@code x}): max-shifted, then one exponential call for
     * all the lines, then per-line normalization.
     */
    private void softmax(float[] x, float[] out, int from, int lines) {
        for (int l = 0; l < lines; l++) {
            int b = from + l * c;
            shift(x, out, b, b + c, max(x, b, b + c));
        }
        kernels.exp(out, out, from, from + lines * c, 0f);
        for (int l = 0; l < lines; l++) {
            int b = from + l * c;
            scale(out, b, b + c, (float) (1.0 / sum(out, b, b + c)));
        }
    }

    private static float max(float[] x, int from, int to) {
        float m0 = Float.NEGATIVE_INFINITY;
        float m1 = m0;
        float m2 = m0;
        float m3 = m0;
        int j = from;
        for (; j + 3 < to; j += 4) {
            m0 = Math.max(m0, x[j]);
            m1 = Math.max(m1, x[j + 1]);
            m2 = Math.max(m2, x[j + 2]);
            m3 = Math.max(m3, x[j + 3]);
        }
        for (; j < to; j++) {
            m0 = Math.max(m0, x[j]);
        }
        return Math.max(Math.max(m0, m1), Math.max(m2, m3));
    }

    /** {@code out[j] = x[j] - m}. */
    private static void shift(float[] x, float[] out, int from, int to, float m) {
        for (int j = from; j < to; j++) {
            out[j] = x[j] - m;
        }
    }

    private static double sum(float[] x, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = from;
        for (; j + 3 < to; j += 4) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
        }
        for (; j < to; j++) {
            s0 += x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static void scale(float[] x, int from, int to, float f) {
        for (int j = from; j < to; j++) {
            x[j] *= f;
        }
    }
}
