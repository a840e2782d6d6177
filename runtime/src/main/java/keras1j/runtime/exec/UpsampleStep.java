package keras1j.runtime.exec;

import keras1j.runtime.ir.Upsample;

/** Nearest-neighbour upsampling of any rank, one output row at a time. Immutable; thread-safe. */
final class UpsampleStep extends Step {
    private final int[] inSample;
    private final int[] outSample;
    private final int[] factors;

    UpsampleStep(String name, Upsample op, int[] inSample, int[] outSample) {
        super(name);
        this.inSample = inSample.clone();
        this.outSample = outSample.clone();
        this.factors = op.factors().clone();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int[] d = Nd.withBatch(inSample, batch);
        int[] e = Nd.withBatch(outSample, batch);
        int[] is = Nd.strides(d);
        int last = e.length - 1;
        int inner = e[last];
        int f = factors[last];
        int rows = Nd.product(e, 0, last);
        exec.parallel.forRange(rows, Nd.rowGrain(inner), (long) rows * inner, (w, r0, r1) -> {
            int[] idx = new int[last];
            for (int r = r0; r < r1; r++) {
                Nd.unravel(r, e, last, idx);
                int src = 0;
                for (int a = 0; a < last; a++) {
                    src += idx[a] / factors[a] * is[a];
                }
                int dst = r * inner;
                if (f == 1) {
                    System.arraycopy(x, src, out, dst, inner);
                } else {
                    for (int j = 0; j < inner; j++) {
                        out[dst + j] = x[src + j / f];
                    }
                }
            }
        });
    }
}
