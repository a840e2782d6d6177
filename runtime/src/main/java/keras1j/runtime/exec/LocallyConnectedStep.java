package keras1j.runtime.exec;

import keras1j.runtime.ir.LocallyConnected;

/**
 * Unshared convolution: per output position, the patch (kernel offsets, then channels) is gathered
 * through precomputed input offsets and multiplied by that position's own {@code [K, F]} kernel.
 * One task per (sample, position). Immutable; thread-safe.
 */
final class LocallyConnectedStep extends Step {
    private final float[] kernel;
    private final float[] bias;
    private final int positions;
    private final int patch;
    private final int filters;
    private final int inSampleSize;
    /** Per position, the input offset (within a sample) of each patch element. */
    private final int[][] offsets;

    LocallyConnectedStep(String name, LocallyConnected op, int[] inSample, int[] outSample) {
        super(name);
        // kept as read: a lazy kernel is read once and not held by the graph too; a loaded one is shared (immutable)
        this.kernel = WeightRead.of(op.kernel()).values();
        this.bias = op.bias() == null ? null : op.bias().clone();
        int r = op.spatialRank();
        int cin = inSample[r];
        this.filters = op.outChannels();
        this.positions = op.kernel().dim(0);
        this.patch = op.kernel().dim(1);
        this.inSampleSize = Nd.product(inSample, 0, inSample.length);
        int[] inStrides = Nd.strides(inSample);
        int[] outSpatial = java.util.Arrays.copyOf(outSample, r);
        int[] ks = op.kernelSize();
        int taps = Nd.product(ks, 0, r);
        this.offsets = new int[positions][patch];
        int[] q = new int[r];
        int[] j = new int[r];
        for (int p = 0; p < positions; p++) {
            Nd.unravel(p, outSpatial, r, q);
            for (int t = 0; t < taps; t++) {
                Nd.unravel(t, ks, r, j);
                int base = 0;
                for (int a = 0; a < r; a++) {
                    base += (q[a] * op.strides()[a] + j[a]) * inStrides[a];
                }
                for (int c = 0; c < cin; c++) {
                    offsets[p][t * cin + c] = base + c;
                }
            }
        }
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int tasks = batch * positions;
        exec.parallel.forRange(tasks, 1, (long) tasks * patch * filters, (w, t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int b = t / positions;
                int p = t % positions;
                int o = t * filters;
                for (int f = 0; f < filters; f++) {
                    out[o + f] = bias == null ? 0f : bias[p * filters + f];
                }
                int xBase = b * inSampleSize;
                int[] off = offsets[p];
                int kBase = p * patch * filters;
                for (int e = 0; e < patch; e++) {
                    float v = x[xBase + off[e]];
                    int kRow = kBase + e * filters;
                    for (int f = 0; f < filters; f++) {
                        out[o + f] += v * kernel[kRow + f];
                    }
                }
                if (fused != null) {
                    fused.apply(out, out, o, o + filters);
                }
            }
        });
    }
}
