package keras1j.runtime.exec;

import keras1j.runtime.ir.Conv;

/**
 * Depthwise convolution ({@code groups == Cin}, one input channel per group, {@code m = Cout/Cin}
 * outputs per channel) as a direct loop whose innermost loop runs over contiguous channels. Any
 * spatial rank. Immutable; thread-safe.
 */
final class DepthwiseConvStep extends Step {
    private final Window win;
    private final int cin;
    private final int cout;
    private final int mult;
    /** {@code [kernelVolume, Cout]}. */
    private final float[] w;
    private final float[] bias;

    DepthwiseConvStep(String name, Conv op, Window win, int cin) {
        super(name);
        this.win = win;
        this.cin = cin;
        this.cout = op.outChannels();
        this.mult = cout / cin;
        this.w = op.kernel().data().clone();
        this.bias = op.bias() == null ? null : op.bias().clone();
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int rows = batch * win.outPositions();
        long work = 2L * rows * win.kernelVolume() * cout;
        exec.parallel.forRange(rows, 64, work, (wk, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                position(x, r, out);
            }
            GemmRunner.epilogue(out, r0 * cout, cout, r1 - r0, 0, cout, null, 0, fused);
        });
    }

    private void position(float[] x, int r, float[] out) {
        Window v = win;
        int positions = v.outPositions();
        int b = r / positions;
        int pos = r - b * positions;
        int oz = pos / (v.o1 * v.o2);
        int oy = (pos / v.o2) % v.o1;
        int ox = pos % v.o2;
        int o = r * cout;
        if (bias != null) {
            System.arraycopy(bias, 0, out, o, cout);
        } else {
            java.util.Arrays.fill(out, o, o + cout, 0f);
        }
        for (int jz = 0; jz < v.k0; jz++) {
            int iz = oz * v.s0 - v.p0 + jz * v.d0;
            if (iz < 0 || iz >= v.n0) {
                continue;
            }
            for (int jy = 0; jy < v.k1; jy++) {
                int iy = oy * v.s1 - v.p1 + jy * v.d1;
                if (iy < 0 || iy >= v.n1) {
                    continue;
                }
                for (int jx = 0; jx < v.k2; jx++) {
                    int ix = ox * v.s2 - v.p2 + jx * v.d2;
                    if (ix < 0 || ix >= v.n2) {
                        continue;
                    }
                    int xi = (((b * v.n0 + iz) * v.n1 + iy) * v.n2 + ix) * cin;
                    int wi = ((jz * v.k1 + jy) * v.k2 + jx) * cout;
                    if (mult == 1) {
                        for (int c = 0; c < cout; c++) {
                            out[o + c] += x[xi + c] * w[wi + c];
                        }
                    } else {
                        for (int c = 0; c < cin; c++) {
                            float xv = x[xi + c];
                            int oc = o + c * mult;
                            int wc = wi + c * mult;
                            for (int m = 0; m < mult; m++) {
                                out[oc + m] += xv * w[wc + m];
                            }
                        }
                    }
                }
            }
        }
    }
}
