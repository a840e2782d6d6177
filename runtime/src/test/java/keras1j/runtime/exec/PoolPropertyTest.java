package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;

/**
 * Seeded property test of {@link PoolStep}: random max and average poolings (rank 1-3, kernel sizes,
 * strides below, equal to and above the kernel, pads smaller than the kernel at either end, channel
 * counts, rows short and long enough for both reductions, batch, threads) against the naive {@link Reference} on every kernel. {@code -Dkeras1j.seed=N}
 * and {@code -Dkeras1j.cases=N} explore further.
 */
class PoolPropertyTest {
    private static final long SEED = Long.getLong("keras1j.seed", 20261207L);
    private static final int CASES = Integer.getInteger("keras1j.cases", 150);

    @Test
    void randomPoolingsMatchReference() {
        Random r = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            int rank = 1 + r.nextInt(3);
            int maxSize = rank == 1 ? 30 : rank == 2 ? 12 : 6;
            int[] in = new int[rank + 1];
            int[] kernel = new int[rank];
            int[] strides = new int[rank];
            int[] pb = new int[rank];
            int[] pe = new int[rank];
            for (int a = 0; a < rank; a++) {
                kernel[a] = 1 + r.nextInt(3);
                strides[a] = r.nextInt(3) == 0 ? kernel[a] : 1 + r.nextInt(3);
                pb[a] = r.nextInt(3) == 0 ? r.nextInt(kernel[a]) : 0;
                pe[a] = r.nextInt(3) == 0 ? r.nextInt(kernel[a]) : 0;
                in[a] = Math.max(kernel[a], 1 + r.nextInt(maxSize));
            }
            in[rank] = 1 + r.nextInt(r.nextBoolean() ? 5 : 40);
            if (r.nextInt(6) == 0) {
                // long rows with many channels: reduced straight from the input (no row buffer)
                in[rank - 1] = 110 + r.nextInt(40);
                in[rank] = 30 + r.nextInt(11);
            }
            PoolKind kind = r.nextBoolean() ? PoolKind.MAX : PoolKind.AVERAGE;
            int batch = 1 + r.nextInt(4);
            int threads = 1 + r.nextInt(2);
            String what = "seed " + SEED + ", case " + i + ": " + kind + " in " + Arrays.toString(in) + " k "
                    + Arrays.toString(kernel) + " s " + Arrays.toString(strides) + " p " + Arrays.toString(pb) + "/"
                    + Arrays.toString(pe) + " n" + batch + " t" + threads;
            try {
                Graph g = Problems.single(new Pool(kind, kernel, strides, pb, pe), in);
                Problems.check(g, Problems.inputs(g, new Random(i), batch), threads);
            } catch (AssertionError | RuntimeException e) {
                fail(what + ": " + e, e);
            }
        }
    }
}
