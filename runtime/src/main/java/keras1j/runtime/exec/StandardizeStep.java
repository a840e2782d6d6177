package keras1j.runtime.exec;

import keras1j.runtime.ir.Standardize;

/**
 * {@code (x - mean) / (sqrt(var + eps) + outerEps)} with statistics over some axes (batch axis
 * included or not). The input is seen as {@code [outer, reduced..., kept...]} blocks through a
 * group index per element, computed once per batch size from the axis strides; two passes in double.
 * Runs on the caller's thread (these layers are small). Immutable; thread-safe.
 */
final class StandardizeStep extends Step {
    private final int[] sample;
    private final boolean[] reduced;
    private final double epsilon;
    private final double outerEpsilon;

    StandardizeStep(String name, Standardize op, int[] inSample) {
        super(name);
        this.sample = inSample.clone();
        this.reduced = new boolean[inSample.length + 1];
        for (int a : op.axes()) {
            reduced[a] = true;
        }
        this.epsilon = op.epsilon();
        this.outerEpsilon = op.outerEpsilon();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        int[] dims = Nd.withBatch(sample, batch);
        int[] groupStride = new int[dims.length];
        int groups = 1;
        for (int a = dims.length - 1; a >= 0; a--) {
            if (!reduced[a]) {
                groupStride[a] = groups;
                groups *= dims[a];
            }
        }
        int n = (int) keras1j.runtime.tensor.Tensor.elementCount(dims);
        int count = n / groups;
        int[] group = new int[n];
        int[] idx = new int[dims.length];
        int g = 0;
        for (int i = 0; i < n; i++) {
            group[i] = g;
            for (int a = dims.length - 1; a >= 0; a--) {
                idx[a]++;
                g += groupStride[a];
                if (idx[a] < dims[a]) {
                    break;
                }
                g -= groupStride[a] * dims[a];
                idx[a] = 0;
            }
        }
        float[] x = in[0];
        double[] mean = new double[groups];
        for (int i = 0; i < n; i++) {
            mean[group[i]] += x[i];
        }
        for (int j = 0; j < groups; j++) {
            mean[j] /= count;
        }
        double[] var = new double[groups];
        for (int i = 0; i < n; i++) {
            double d = x[i] - mean[group[i]];
            var[group[i]] += d * d;
        }
        double[] scale = new double[groups];
        for (int j = 0; j < groups; j++) {
            scale[j] = 1.0 / (Math.sqrt(var[j] / count + epsilon) + outerEpsilon);
        }
        for (int i = 0; i < n; i++) {
            out[i] = (float) ((x[i] - mean[group[i]]) * scale[group[i]]);
        }
    }
}
