package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.PoolKind;

/** Max or mean over all spatial positions, {@code [N, P, C] -> [N, C]}. Immutable; thread-safe. */
final class GlobalPoolStep extends Step {
    private final int positions;
    private final int c;
    private final boolean max;

    GlobalPoolStep(String name, GlobalPool op, int positions, int channels) {
        super(name);
        this.positions = positions;
        this.c = channels;
        this.max = op.kind() == PoolKind.MAX;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        exec.parallel.forRange(batch, 1, (long) batch * positions * c, (w, b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int o = b * c;
                Arrays.fill(out, o, o + c, max ? Float.NEGATIVE_INFINITY : 0f);
                for (int p = 0; p < positions; p++) {
                    int xi = (b * positions + p) * c;
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
                if (!max) {
                    float inv = 1f / positions;
                    for (int ch = 0; ch < c; ch++) {
                        out[o + ch] *= inv;
                    }
                }
            }
        });
    }
}
