package keras1j.runtime.exec;

import keras1j.runtime.ir.Cosine;

/** Cosine similarity of two inputs along the last axis, one output per row. Immutable; thread-safe. */
final class CosineStep extends Step {
    private final float epsilon;
    private final int rows;
    private final int length;

    CosineStep(String name, Cosine op, int[] inSample) {
        super(name);
        this.epsilon = op.epsilon();
        this.length = inSample[inSample.length - 1];
        this.rows = Nd.product(inSample, 0, inSample.length - 1);
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] a = in[0];
        float[] b = in[1];
        int n = batch * rows;
        exec.parallel.forRange(n, Nd.rowGrain(length), (long) n * length, (w, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * length;
                float ab = 0f;
                float aa = 0f;
                float bb = 0f;
                for (int i = 0; i < length; i++) {
                    float x = a[base + i];
                    float y = b[base + i];
                    ab += x * y;
                    aa += x * x;
                    bb += y * y;
                }
                out[r] = ab / Math.max((float) Math.sqrt(aa * bb), epsilon);
            }
        });
    }
}
