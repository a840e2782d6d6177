package keras1j.runtime.exec;

import keras1j.runtime.ir.Crop;

/** Cropping of any rank: one contiguous copy per innermost output row. Immutable; thread-safe. */
final class CropStep extends Step {
    private final int[] inSample;
    private final int[] outSample;
    private final int[] begin;

    CropStep(String name, Crop op, int[] inSample, int[] outSample) {
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
        int[] is = Nd.strides(d);
        int last = e.length - 1;
        int inner = e[last];
        int rows = Nd.product(e, 0, last);
        exec.parallel.forRange(rows, Nd.rowGrain(inner), (long) rows * inner, (w, r0, r1) -> {
            int[] idx = new int[last];
            for (int r = r0; r < r1; r++) {
                Nd.unravel(r, e, last, idx);
                int src = begin[last];
                for (int a = 0; a < last; a++) {
                    src += (idx[a] + begin[a]) * is[a];
                }
                System.arraycopy(x, src, out, r * inner, inner);
            }
        });
    }
}
