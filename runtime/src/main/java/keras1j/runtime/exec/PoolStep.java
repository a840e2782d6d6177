package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;

/**
 * Max or average pooling of any spatial rank. Windows are clipped to the real input, so padding
 * never wins a max and never counts in an average. Innermost loop over contiguous channels.
 * Immutable; thread-safe.
 */
final class PoolStep extends Step {
    private final Window win;
    private final int c;
    private final boolean max;

    PoolStep(String name, Pool op, Window win, int channels) {
        super(name);
        this.win = win;
        this.c = channels;
        this.max = op.kind() == PoolKind.MAX;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int rows = batch * win.outPositions();
        long work = (long) rows * win.kernelVolume() * c;
        exec.parallel.forRange(rows, 64, work, (w, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                position(x, r, out);
            }
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
        int z0 = Math.max(0, oz * v.s0 - v.p0);
        int z1 = Math.min(v.n0, oz * v.s0 - v.p0 + v.k0);
        int y0 = Math.max(0, oy * v.s1 - v.p1);
        int y1 = Math.min(v.n1, oy * v.s1 - v.p1 + v.k1);
        int x0 = Math.max(0, ox * v.s2 - v.p2);
        int x1 = Math.min(v.n2, ox * v.s2 - v.p2 + v.k2);
        int o = r * c;
        Arrays.fill(out, o, o + c, max ? Float.NEGATIVE_INFINITY : 0f);
        for (int iz = z0; iz < z1; iz++) {
            for (int iy = y0; iy < y1; iy++) {
                int rowBase = ((b * v.n0 + iz) * v.n1 + iy) * v.n2;
                for (int ix = x0; ix < x1; ix++) {
                    int xi = (rowBase + ix) * c;
                    if (max) {
                        for (int ch = 0; ch < c; ch++) {
                            out[o + ch] = Math.max(out[o + ch], x[xi + ch]);
                        }
                    } else {
                        for (int ch = 0; ch < c; ch++) {
                            out[o + ch] += x[xi + ch];
                        }
                    }
                }
            }
        }
        if (!max) {
            float inv = 1f / ((z1 - z0) * (y1 - y0) * (x1 - x0));
            for (int ch = 0; ch < c; ch++) {
                out[o + ch] *= inv;
            }
        }
    }
}
