package keras1j.runtime.exec;

import keras1j.runtime.ir.Transpose;

/**
 * General N-d axis permutation (the batch axis stays first). Small samples (up to
 * {@value #MAX_MAP} values) go through a per-sample index map computed once; larger ones, for every
 * output row, through a strided gather from the input (a contiguous copy when the last axis stays
 * last). Immutable; thread-safe.
 */
final class TransposeStep extends Step {
    /** Largest sample whose gather map is kept. */
    static final int MAX_MAP = 1 << 16;
    /** Values per task of the mapped gather, about. */
    private static final int TASK_VALUES = 1 << 14;

    private final int[] inSample;
    private final int[] outSample;
    private final int[] perm;
    /** For small samples, {@code out[i] = x[map[i]]} within a sample; else null. */
    private final int[] map;

    TransposeStep(String name, Transpose op, int[] inSample, int[] outSample) {
        super(name);
        this.inSample = inSample.clone();
        this.outSample = outSample.clone();
        this.perm = op.perm().clone();
        long size = 1;
        for (int d : inSample) {
            size *= d;
        }
        this.map = size <= MAX_MAP ? sampleMap((int) size) : null;
    }

    /** Where each output value of one sample comes from in its input sample. */
    private int[] sampleMap(int size) {
        int[] m = new int[size];
        int[] d = Nd.withBatch(inSample, 1);
        int[] e = Nd.withBatch(outSample, 1);
        int[] is = Nd.strides(d);
        int[] idx = new int[e.length];
        for (int i = 0; i < size; i++) {
            Nd.unravel(i, e, e.length, idx);
            int src = 0;
            for (int a = 0; a < e.length; a++) {
                src += idx[a] * is[perm[a]];
            }
            m[i] = src;
        }
        return m;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        if (map != null) {
            int size = map.length;
            exec.parallel.forRange(batch, Math.max(1, TASK_VALUES / Math.max(1, size)), (long) batch * size,
                    (w, b0, b1) -> {
                        for (int b = b0; b < b1; b++) {
                            int base = b * size;
                            for (int i = 0; i < size; i++) {
                                out[base + i] = x[base + map[i]];
                            }
                        }
                    });
            return;
        }
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
