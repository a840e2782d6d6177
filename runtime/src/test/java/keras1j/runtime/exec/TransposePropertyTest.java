package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Transpose;

/**
 * Seeded property test of {@link TransposeStep}: random permutations of sample axes (rank 1-4 after
 * the batch axis), samples below and above {@link TransposeStep#MAX_MAP} (the mapped gather and the
 * row gather), batch and threads, against the naive {@link Reference} on every kernel.
 * {@code -Dkeras1j.seed=N} and {@code -Dkeras1j.cases=N} explore further.
 */
class TransposePropertyTest {
    private static final long SEED = Long.getLong("keras1j.seed", 20261207L);
    private static final int CASES = Integer.getInteger("keras1j.cases", 80);

    @Test
    void randomPermutationsMatchReference() {
        Random r = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            int rank = 1 + r.nextInt(4);
            boolean large = r.nextInt(6) == 0;
            int[] sample = new int[rank];
            if (large && rank == 1) {
                rank = 2;
                sample = new int[rank];
            }
            int rest = 1;
            for (int a = 0; a < rank; a++) {
                sample[a] = 1 + r.nextInt(7);
                rest *= a > 0 ? sample[a] : 1;
            }
            if (large) {
                // just above the mapped size: the row gather
                sample[0] = TransposeStep.MAX_MAP / rest + 1;
            }
            List<Integer> axes = new ArrayList<>();
            for (int a = 1; a <= rank; a++) {
                axes.add(a);
            }
            Collections.shuffle(axes, r);
            int[] perm = new int[rank + 1];
            for (int a = 0; a < rank; a++) {
                perm[a + 1] = axes.get(a);
            }
            int batch = 1 + r.nextInt(large ? 2 : 5);
            int threads = 1 + r.nextInt(2);
            try {
                Graph g = Problems.single(new Transpose(perm), sample);
                Problems.check(g, Problems.inputs(g, new Random(i), batch), threads);
            } catch (AssertionError | RuntimeException e) {
                fail("seed " + SEED + ", case " + i + ": sample " + Arrays.toString(sample) + " perm "
                        + Arrays.toString(perm) + " n" + batch + " t" + threads + ": " + e, e);
            }
        }
    }
}
