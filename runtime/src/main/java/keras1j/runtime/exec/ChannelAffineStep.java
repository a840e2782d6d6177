package keras1j.runtime.exec;

import keras1j.runtime.ir.ChannelAffine;

/** {@code y = x * scale[c] + shift[c]} along one axis (folded batch normalization). Immutable; thread-safe. */
final class ChannelAffineStep extends Step {
    private final float[] scale;
    private final float[] shift;
    /** Product of the non-batch axes before {@code axis}. */
    private final int outer;
    private final int inner;

    ChannelAffineStep(String name, ChannelAffine op, int[] inSample) {
        super(name);
        this.scale = op.scale().clone();
        this.shift = op.shift().clone();
        int a = op.axis() - 1;
        this.outer = Nd.product(inSample, 0, a);
        this.inner = Nd.product(inSample, a + 1, inSample.length);
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int c = scale.length;
        int rows = batch * outer;
        int rowLength = c * inner;
        exec.parallel.forRange(rows, Nd.rowGrain(rowLength), (long) rows * rowLength, (w, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int base = r * rowLength;
                if (inner == 1) {
                    for (int j = 0; j < c; j++) {
                        out[base + j] = x[base + j] * scale[j] + shift[j];
                    }
                } else {
                    for (int j = 0; j < c; j++) {
                        float s = scale[j];
                        float t = shift[j];
                        int o = base + j * inner;
                        for (int i = 0; i < inner; i++) {
                            out[o + i] = x[o + i] * s + t;
                        }
                    }
                }
            }
        });
    }
}
