package keras1j.runtime.exec;

import keras1j.runtime.ir.Softmax;

/** Max-subtracted softmax along any non-batch axis. Immutable; thread-safe. */
final class SoftmaxStep extends Step {
    private final int outer;
    private final int c;
    private final int inner;

    SoftmaxStep(String name, Softmax op, int[] inSample) {
        super(name);
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
        exec.parallel.forRange(lines, Nd.rowGrain(c), (long) lines * c * 20, (w, l0, l1) -> {
            for (int l = l0; l < l1; l++) {
                int o = l / inner;
                int i = l - o * inner;
                line(x, out, o * c * inner + i, inner);
            }
        });
    }

    /** Softmax of {@code c} values at {@code base + j*stride}. */
    private void line(float[] x, float[] out, int base, int stride) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            max = Math.max(max, x[base + j * stride]);
        }
        double sum = 0;
        for (int j = 0; j < c; j++) {
            float e = (float) Math.exp(x[base + j * stride] - max);
            out[base + j * stride] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int j = 0; j < c; j++) {
            out[base + j * stride] *= inv;
        }
    }
}
