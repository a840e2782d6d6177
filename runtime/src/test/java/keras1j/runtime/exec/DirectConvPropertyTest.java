package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.kernel.KernelSet;

/**
 * Seeded property test of the few-channel direct convolution ({@link DirectConvStep}): random
 * ungrouped convolutions with at most {@value DirectConvStep#MAX_CIN} input and
 * {@value DirectConvStep#MAX_COUT} output channels (or one input and up to
 * {@value DirectConvStep#MAX_COUT_ONE_CHANNEL} outputs) (rank 1-3, strides, dilations, pads, a padding node
 * the convolution absorbs, batch, threads, a fused activation), compared on every kernel set with
 * the naive double-precision {@link Reference} through {@link ConvPropertyTest#failure}. A failure is
 * shrunk and printed as a {@link ConvPropertyTest.Case} literal to keep in
 * {@link ConvPropertyTest#namedCases()}. {@code -Dkeras1j.seed=N} and {@code -Dkeras1j.cases=N}
 * explore further.
 */
class DirectConvPropertyTest {
    private static final long SEED = Long.getLong("keras1j.seed", 20261207L);
    private static final int CASES = Integer.getInteger("keras1j.cases", 200);

    @Test
    void randomFewChannelConvolutionsMatchReference() {
        Random r = new Random(SEED);
        int direct = 0;
        for (int i = 0; i < CASES; i++) {
            ConvPropertyTest.Case c = generate(r);
            if ("direct".equals(ConvPropertyTest.path(c, KernelChoice.BEST))) {
                direct++;
            }
            String failure = ConvPropertyTest.failure(c);
            if (failure != null) {
                ConvPropertyTest.Case small = ConvPropertyTest.shrink(c);
                fail("seed " + SEED + ", case " + i + ": " + c + ": " + failure + "\nshrunk to " + small + ": "
                        + ConvPropertyTest.failure(small) + "\nkeep it in ConvPropertyTest.namedCases(): "
                        + small.literal());
            }
        }
        if (KernelSet.of(KernelChoice.BEST).directConv(new keras1j.runtime.kernel.DirectConvShape(1, 1, 8, 1, 1, 10,
                1, 4, 1, 1, 3, 1, 1, 1, 1, 1, 1), new float[12], null) != null) {
            assertTrue(direct >= CASES / 3, "only " + direct + " of " + CASES + " cases on the direct path");
        }
    }

    /** A random valid few-channel case. */
    static ConvPropertyTest.Case generate(Random r) {
        int[] channels = {1, 2, 3, 4, 5, 8};
        while (true) {
            int rank = r.nextInt(10) < 2 ? 1 : r.nextInt(10) < 8 ? 2 : 3;
            int maxSize = rank == 1 ? 40 : rank == 2 ? 14 : 6;
            int[] in = new int[rank];
            int[] kernel = new int[rank];
            int[] strides = new int[rank];
            int[] dilations = new int[rank];
            int[] pb = new int[rank];
            int[] pe = new int[rank];
            for (int a = 0; a < rank; a++) {
                in[a] = 1 + r.nextInt(maxSize);
                kernel[a] = 1 + r.nextInt(rank == 3 ? 3 : 4);
                strides[a] = r.nextInt(3) > 0 ? 1 : 2 + r.nextInt(2);
                dilations[a] = r.nextInt(4) > 0 ? 1 : 2;
                pb[a] = r.nextBoolean() ? 0 : r.nextInt(3);
                pe[a] = r.nextBoolean() ? 0 : r.nextInt(3);
            }
            int cin = channels[r.nextInt(channels.length)];
            int cout = cin == 1 && r.nextInt(3) == 0 ? 1 + r.nextInt(DirectConvStep.MAX_COUT_ONE_CHANNEL)
                    : 1 + r.nextInt(DirectConvStep.MAX_COUT);
            int[] npb = null;
            int[] npe = null;
            if (r.nextInt(5) == 0) {
                npb = new int[rank];
                npe = new int[rank];
                for (int a = 0; a < rank; a++) {
                    npb[a] = r.nextInt(3);
                    npe[a] = r.nextInt(3);
                }
            }
            ActivationKind[] kinds = ActivationKind.values();
            ActivationKind act = r.nextBoolean() ? null : kinds[r.nextInt(kinds.length)];
            ConvPropertyTest.Case c = new ConvPropertyTest.Case(in, cin, kernel, cout, 1, strides, dilations, pb, pe,
                    npb, npe, r.nextBoolean(), act, 1 + r.nextInt(5), 1 + r.nextInt(2));
            if (c.valid()) {
                return c;
            }
        }
    }
}
