package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Pad;

/** Zero padding of any rank: zero fill, then one contiguous copy per innermost row. Immutable; thread-safe. */
final class PadStep extends Step {
    private final int[] inSample;
    private final int[] outSample;
    private final int[] begin;

    PadStep(String name, Pad op, int[] inSample, int[] outSample) {
        super(name);
        this.inSample = inSample.clone();
        this.outSample = outSample.clone();
        this.begin = op.begin().clone();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int[] d = Nd.withBatch(inSample, batch);
        int[] e = Nd.withBatch(outSample, batch);
        int[] os = Nd.strides(e);
        int last = d.length - 1;
        int inner = d[last];
        int rows = Nd.product(d, 0, last);
        Arrays.fill(out, 0, Nd.product(e, 0, e.length), 0f);
        exec.parallel.forRange(rows, Nd.rowGrain(inner), (long) rows * inner, (w, r0, r1) -> {
            int[] idx = new int[last];
            for (int r = r0; r < r1; r++) {
                Nd.unravel(r, d, last, idx);
                int dst = begin[last];
                for (int a = 0; a < last; a++) {
                    dst += (idx[a] + begin[a]) * os[a];
                }
                System.arraycopy(x, r * inner, out, dst, inner);
            }
        });
    }
}
