package keras1j.runtime.exec;

import keras1j.runtime.ir.Softmax;
import keras1j.runtime.kernel.ArrayMath;

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
        exec.parallel.forRange(lines, Nd.rowGrain(c), (long) lines * c * 4, (w, l0, l1) -> {
            float[] line = inner == 1 ? null : new float[c];
            for (int l = l0; l < l1; l++) {
                int o = l / inner;
                int i = l - o * inner;
                int base = o * c * inner + i;
                if (inner == 1) {
                    softmax(x, out, base, base + c);
                } else {
                    for (int j = 0; j < c; j++) {
                        line[j] = x[base + j * inner];
                    }
                    softmax(line, line, 0, c);
                    for (int j = 0; j < c; j++) {
                        out[base + j * inner] = line[j];
                    }
                }
            }
        });
    }

    /** Softmax of {@code x[from, to)} into {@code out[from, to)}. */
    private static void softmax(float[] x, float[] out, int from, int to) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) {
            max = Math.max(max, x[j]);
        }
        float inv = (float) (1.0 / ArrayMath.exp(x, out, from, to, max));
        for (int j = from; j < to; j++) {
            out[j] *= inv;
        }
    }
}
