package keras1j.runtime.exec;

import keras1j.runtime.ir.Transpose;

/**
 * General N-d axis permutation: for every output row, a strided gather from the input (a
 * contiguous copy when the last axis stays last). Immutable; thread-safe.
 */
final class TransposeStep extends Step {
    private final int[] inSample;
    private final int[] outSample;
    private final int[] perm;

    TransposeStep(String name, Transpose op, int[] inSample, int[] outSample) {
        super(name);
        this.inSample = inSample.clone();
        this.outSample = outSample.clone();
        this.perm = op.perm().clone();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int[] d = Nd.withBatch(inSample, batch);
        int[] e = Nd.withBatch(outSample, batch);
        int[] is = Nd.strides(d);
        int last = e.length - 1;
        int inner = e[last];
        int step = is[perm[last]];
        int rows = Nd.product(e, 0, last);
        exec.parallel.forRange(rows, Nd.rowGrain(inner), (long) rows * inner, (w, r0, r1) -> {
            int[] idx = new int[last];
            for (int r = r0; r < r1; r++) {
                Nd.unravel(r, e, last, idx);
                int src = 0;
                for (int a = 0; a < last; a++) {
                    src += idx[a] * is[perm[a]];
                }
                int dst = r * inner;
                if (step == 1) {
                    System.arraycopy(x, src, out, dst, inner);
                } else {
                    for (int j = 0; j < inner; j++) {
                        out[dst + j] = x[src + j * step];
                    }
                }
            }
        });
    }
}
