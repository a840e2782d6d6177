package keras1j.runtime.kernel;

import java.util.Arrays;

/**
 * Cache-blocked SGEMM in plain Java loops. For one row of {@code A} and one panel of {@code B}, a
 * local accumulator row receives four panel rows per pass; the accumulator and the panel rows are
 * indexed by the same loop variable without offsets, which is the shape HotSpot C2's SuperWord
 * pass turns into SIMD code (with offsets into arrays that might alias it gives up). The reduction
 * is blocked so that a block of a panel stays in L2 while it is reused for every row of
 * {@code A}. Stateless and thread-safe.
 */
final class PlainSgemm implements Sgemm {
    /** Columns per panel: wider rows amortize the per-pass overhead of the inner loop. */
    static final int PANEL_WIDTH = 256;
    /** Reduction block: {@code KC x PANEL_WIDTH} floats of B (256 KB at most) per pass over the rows. */
    private static final int KC = 256;

    @Override
    public String name() {
        return "plain-java";
    }

    @Override
    public int efficientColumns() {
        return PANEL_WIDTH;
    }

    @Override
    public PackedMatrix pack(float[] b, int offset, int ld, int k, int n) {
        return PackedMatrix.packRows(b, offset, ld, k, n, PANEL_WIDTH);
    }

    @Override
    public void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix packed, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate) {
        multiply(rows, a, aOffset, lda, packed, colBegin, colEnd, c, cOffset, ldc, accumulate, null);
    }

    /** The epilogue is applied to each row of a panel in the local accumulator, before it is stored. */
    @Override
    public void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix packed, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate, Epilogue epilogue) {
        PackedMatrix b = packed.toRows();
        int k = b.rows();
        int pw = b.panelWidth();
        float[] acc = new float[Math.min(pw, b.cols())];
        for (int j0 = colBegin; j0 < colEnd; j0 += pw) {
            int w = Math.min(pw, b.cols() - j0);
            if (k == 0) {
                if (!accumulate) {
                    for (int i = 0; i < rows; i++) {
                        int ci = cOffset + i * ldc + j0;
                        Arrays.fill(c, ci, ci + w, 0f);
                    }
                }
                if (epilogue != null) {
                    epilogue.apply(c, cOffset, ldc, rows, j0, j0 + w);
                }
                continue;
            }
            for (int p0 = 0; p0 < k; p0 += KC) {
                int p1 = Math.min(k, p0 + KC);
                boolean fresh = p0 == 0 && !accumulate;
                for (int i = 0; i < rows; i++) {
                    int ci = cOffset + i * ldc + j0;
                    if (fresh) {
                        Arrays.fill(acc, 0, w, 0f);
                    } else {
                        System.arraycopy(c, ci, acc, 0, w);
                    }
                    rowTimesBlock(a, aOffset + i * lda, b, j0, w, p0, p1, acc);
                    if (epilogue != null && p1 == k) {
                        // acc holds columns [j0, j0 + w) of row i: the epilogue's row i, shifted by -j0
                        epilogue.down(i).apply(acc, -j0, 0, 1, j0, j0 + w);
                    }
                    System.arraycopy(acc, 0, c, ci, w);
                }
            }
        }
    }

    /** {@code acc[0, w) += sum_{p in [p0, p1)} a[ai + p] * B[p, j0 ..]}. */
    private static void rowTimesBlock(float[] a, int ai, PackedMatrix b, int j0, int w, int p0, int p1,
            float[] acc) {
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            float a0 = a[ai + p];
            float a1 = a[ai + p + 1];
            float a2 = a[ai + p + 2];
            float a3 = a[ai + p + 3];
            float[] b0 = b.panelRow(j0, p);
            float[] b1 = b.panelRow(j0, p + 1);
            float[] b2 = b.panelRow(j0, p + 2);
            float[] b3 = b.panelRow(j0, p + 3);
            for (int j = 0; j < w; j++) {
                acc[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
            }
        }
        for (; p < p1; p++) {
            float a0 = a[ai + p];
            float[] b0 = b.panelRow(j0, p);
            for (int j = 0; j < w; j++) {
                acc[j] += a0 * b0[j];
            }
        }
    }
}
