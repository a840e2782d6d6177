package keras1j.runtime.kernel;

import java.util.Arrays;

/**
 * Cache-blocked SGEMM in plain Java loops. The inner loop updates one row segment of {@code C}
 * with four rows of a {@code B} panel, every array indexed by the same loop variable, which the
 * HotSpot C2 compiler turns into SIMD code. Stateless and thread-safe.
 */
final class PlainSgemm implements Sgemm {
    /** Columns per B panel: a C row segment of this width stays in registers/L1. */
    static final int PANEL_WIDTH = 64;
    /** Reduction block: a {@code KC x PANEL_WIDTH} block of B (64 KB) stays in L2 across rows of A. */
    private static final int KC = 256;

    @Override
    public String name() {
        return "plain-java";
    }

    @Override
    public PackedMatrix pack(float[] b, int offset, int ld, int k, int n) {
        return PackedMatrix.pack(b, offset, ld, k, n, PANEL_WIDTH);
    }

    @Override
    public void multiply(int rows, float[] a, int aOffset, int lda, PackedMatrix b, int colBegin, int colEnd,
            float[] c, int cOffset, int ldc, boolean accumulate) {
        int k = b.rows();
        int pw = b.panelWidth();
        float[] bd = b.data();
        for (int j0 = colBegin; j0 < colEnd; j0 += pw) {
            int w = Math.min(pw, b.cols() - j0);
            int panel = b.panelOffset(j0);
            if (!accumulate) {
                for (int i = 0; i < rows; i++) {
                    int ci = cOffset + i * ldc + j0;
                    Arrays.fill(c, ci, ci + w, 0f);
                }
            }
            for (int p0 = 0; p0 < k; p0 += KC) {
                int p1 = Math.min(k, p0 + KC);
                for (int i = 0; i < rows; i++) {
                    rowTimesBlock(a, aOffset + i * lda, bd, panel, w, p0, p1, c, cOffset + i * ldc + j0);
                }
            }
        }
    }

    /** {@code c[ci .. ci+w) += sum_{p in [p0,p1)} a[ai+p] * bd[panel + p*w .. +w)}. */
    private static void rowTimesBlock(float[] a, int ai, float[] bd, int panel, int w, int p0, int p1, float[] c,
            int ci) {
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            float a0 = a[ai + p];
            float a1 = a[ai + p + 1];
            float a2 = a[ai + p + 2];
            float a3 = a[ai + p + 3];
            int b0 = panel + p * w;
            int b1 = b0 + w;
            int b2 = b1 + w;
            int b3 = b2 + w;
            for (int j = 0; j < w; j++) {
                c[ci + j] += a0 * bd[b0 + j] + a1 * bd[b1 + j] + a2 * bd[b2 + j] + a3 * bd[b3 + j];
            }
        }
        for (; p < p1; p++) {
            float a0 = a[ai + p];
            int b0 = panel + p * w;
            for (int j = 0; j < w; j++) {
                c[ci + j] += a0 * bd[b0 + j];
            }
        }
    }
}
