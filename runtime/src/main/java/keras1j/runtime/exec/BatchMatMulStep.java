package keras1j.runtime.exec;

/**
 * {@code [N, B.., M, K] x [N, B.., K, P] -> [N, B.., M, P]}: one {@code M x K} by {@code K x P} product
 * per sample and leading index, one output row per task. Immutable; thread-safe.
 */
final class BatchMatMulStep extends Step {
    private final int matrices;
    private final int m;
    private final int k;
    private final int p;

    BatchMatMulStep(String name, int[] aSample, int[] bSample) {
        super(name);
        int r = aSample.length;
        this.matrices = Nd.product(aSample, 0, r - 2);
        this.m = aSample[r - 2];
        this.k = aSample[r - 1];
        this.p = bSample[r - 1];
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] a = in[0];
        float[] b = in[1];
        int rows = batch * matrices * m;
        exec.parallel.forRange(rows, Nd.rowGrain(k * p), (long) rows * k * p, (w, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int s = r / m;
                int aRow = r * k;
                int bBase = s * k * p;
                int o = r * p;
                java.util.Arrays.fill(out, o, o + p, 0f);
                for (int kk = 0; kk < k; kk++) {
                    float av = a[aRow + kk];
                    int bRow = bBase + kk * p;
                    for (int j = 0; j < p; j++) {
                        out[o + j] += av * b[bRow + j];
                    }
                }
            }
        });
    }
}
