package keras1j.runtime.kernel;

/**
 * {@link MathKernel} in plain Java loops written so that HotSpot C2 vectorizes them: every loop
 * indexes all of its arrays with the same variable and uses only arithmetic, {@code min} and
 * {@code max} (no calls, no branches). The exponential runs in two passes over chunks copied into
 * scratch arrays: the reduced exponential (vectorized), then the scaling by a power of two built
 * from the exponent bits (bit moves, which C2 does not vectorize). Stateless and thread-safe.
 */
final class PlainMath implements MathKernel {
    /** Values per chunk of the two-pass exponential (two scratch arrays of this size per call). */
    private static final int CHUNK = 512;

    // exp(r) ~ 1 + r + r^2 * (E0 + E1 r + E2 r^2 + E3 r^3 + E4 r^4) on |r| <= ln(2)/2 (relative error 4e-9)
    static final float E0 = 0.49999997f;
    static final float E1 = 0.16666508f;
    static final float E2 = 0.041667547f;
    static final float E3 = 0.0083700614f;
    static final float E4 = 0.0013861571f;
    static final float LOG2E = 1.44269504f;
    /** 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, kept in the low mantissa bits. */
    static final float ROUND = 12582912f;
    static final int ROUND_BITS = 0x4B400000;
    /** ln(2) split so that {@code k * LN2_HI} is exact for every {@code |k| <= 256}. */
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float EXP_MIN = -104f;
    static final float EXP_MAX = 89f;

    // tanh(x) ~ x * P(x^2) / Q(x^2) on [-9, 9] (relative error 7e-9 before float rounding)
    static final float P1 = 0.13084008f;
    static final float P2 = 0.0031039543f;
    static final float P3 = 1.1154288e-05f;
    static final float P4 = -2.0225135e-08f;
    static final float P5 = 5.2778996e-11f;
    static final float P6 = -8.4885689e-14f;
    static final float Q1 = 0.46417336f;
    static final float Q2 = 0.024495171f;
    static final float Q3 = 0.00025461425f;
    static final float TANH_LIMIT = 9f;

    @Override
    public void tanh(float[] src, float[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            float x = Math.max(Math.min(src[i], TANH_LIMIT), -TANH_LIMIT);
            float s = x * x;
            float p = (((((P6 * s + P5) * s + P4) * s + P3) * s + P2) * s + P1) * s + 1f;
            float q = ((Q3 * s + Q2) * s + Q1) * s + 1f;
            dst[i] = x * p / q;
        }
    }

    @Override
    public double exp(float[] src, float[] dst, int from, int to, float shift) {
        float[] y = new float[Math.min(CHUNK, Math.max(0, to - from))];
        float[] k = new float[y.length];
        double sum = 0;
        for (int c = from; c < to; c += CHUNK) {
            int n = Math.min(CHUNK, to - c);
            System.arraycopy(src, c, y, 0, n);
            expReduced(y, k, n, 1f, shift);
            sum += scaleAndSum(y, k, n, dst, c);
        }
        return sum;
    }

    @Override
    public void sigmoid(float[] src, float[] dst, int from, int to) {
        float[] y = new float[Math.min(CHUNK, Math.max(0, to - from))];
        float[] k = new float[y.length];
        for (int c = from; c < to; c += CHUNK) {
            int n = Math.min(CHUNK, to - c);
            System.arraycopy(src, c, y, 0, n);
            expReduced(y, k, n, -1f, 0f);
            scale(y, k, n);
            for (int j = 0; j < n; j++) {
                y[j] = 1f / (1f + y[j]);
            }
            System.arraycopy(y, 0, dst, c, n);
        }
    }

    @Override
    public void multiplyAddTaps(float[] acc, int accOffset, int positions, int channels, float[] x, int[] xOffsets,
            int xStride, float[] w, int[] wOffsets, int taps) {
        for (int p = 0; p < positions; p++) {
            int a = accOffset + p * channels;
            for (int t = 0; t < taps; t++) {
                int xo = xOffsets[t] + p * xStride;
                int wo = wOffsets[t];
                for (int c = 0; c < channels; c++) {
                    acc[a + c] += x[xo + c] * w[wo + c];
                }
            }
        }
    }

    @Override
    public boolean anyOffsets() {
        return false;
    }

    /**
     * First pass of {@code exp(sign * (y[j] - shift))}: leaves the reduced exponential
     * {@code exp(r)} in {@code y[j]} and {@code k + ROUND} in {@code k[j]}, where
     * {@code sign * (y - shift) = k ln 2 + r}, {@code |r| <= ln(2)/2}. Vectorizable: arithmetic only.
     */
    private static void expReduced(float[] y, float[] k, int n, float sign, float shift) {
        for (int j = 0; j < n; j++) {
            float x = Math.max(Math.min(sign * (y[j] - shift), EXP_MAX), EXP_MIN);
            float t = x * LOG2E + ROUND;
            float kf = t - ROUND;
            float r = (x - kf * LN2_HI) - kf * LN2_LO;
            float p = (((E4 * r + E3) * r + E2) * r + E1) * r + E0;
            y[j] = (p * r) * r + r + 1f;
            k[j] = t;
        }
    }

    /** Second pass: {@code y[j] *= 2^k} in two steps, so that results near the float limits neither overflow early nor flush. */
    private static void scale(float[] y, float[] k, int n) {
        for (int j = 0; j < n; j++) {
            int e = Float.floatToRawIntBits(k[j]) - ROUND_BITS;
            int e1 = e >> 1;
            y[j] = y[j] * Float.intBitsToFloat((e1 + 127) << 23) * Float.intBitsToFloat((e - e1 + 127) << 23);
        }
    }

    /** {@link #scale} into {@code dst[at ..]}, returning the sum. */
    private static double scaleAndSum(float[] y, float[] k, int n, float[] dst, int at) {
        double s0 = 0;
        double s1 = 0;
        int j = 0;
        for (; j + 1 < n; j += 2) {
            int e = Float.floatToRawIntBits(k[j]) - ROUND_BITS;
            int e1 = e >> 1;
            float v = y[j] * Float.intBitsToFloat((e1 + 127) << 23) * Float.intBitsToFloat((e - e1 + 127) << 23);
            int f = Float.floatToRawIntBits(k[j + 1]) - ROUND_BITS;
            int f1 = f >> 1;
            float w = y[j + 1] * Float.intBitsToFloat((f1 + 127) << 23) * Float.intBitsToFloat((f - f1 + 127) << 23);
            dst[at + j] = v;
            dst[at + j + 1] = w;
            s0 += v;
            s1 += w;
        }
        if (j < n) {
            int e = Float.floatToRawIntBits(k[j]) - ROUND_BITS;
            int e1 = e >> 1;
            float v = y[j] * Float.intBitsToFloat((e1 + 127) << 23) * Float.intBitsToFloat((e - e1 + 127) << 23);
            dst[at + j] = v;
            s0 += v;
        }
        return s0 + s1;
    }

    @Override
    public void max(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        for (int j = 0; j < n; j++) {
            dst[d + j] = Math.max(a[ai + j], b[bi + j]);
        }
    }

    @Override
    public void add(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        for (int j = 0; j < n; j++) {
            dst[d + j] = a[ai + j] + b[bi + j];
        }
    }

    @Override
    public void reduce(boolean max, float[] src, int[] off, int terms, float[] dst, int d, int n) {
        System.arraycopy(src, off[0], dst, d, n);
        for (int q = 1; q < terms; q++) {
            if (max) {
                max(dst, d, src, off[q], dst, d, n);
            } else {
                add(dst, d, src, off[q], dst, d, n);
            }
        }
    }

    @Override
    public void axpy(float[] acc, int accOffset, float w, float[] x, int xOffset, int n) {
        for (int i = 0; i < n; i++) {
            acc[accOffset + i] += w * x[xOffset + i];
        }
    }

    @Override
    public void shiftedSums(float[] out, int n, int outs, float[] init, float[] x, int[] offsets, float[] w) {
        for (int o = 0; o < outs; o++) {
            int a = o * n;
            java.util.Arrays.fill(out, a, a + n, init == null ? 0f : init[o]);
            for (int t = 0; t < offsets.length; t++) {
                axpy(out, a, w[t * outs + o], x, offsets[t], n);
            }
        }
    }

    @Override
    public void combine(float[] dst, int d, int dStride, int count, int len, float[] src, int[] off, int sStride,
            float[] coef, int terms, float[] init, int i0) {
        for (int p = 0; p < count; p++) {
            int dp = d + p * dStride;
            if (init != null) {
                System.arraycopy(init, i0, dst, dp, len);
            } else {
                java.util.Arrays.fill(dst, dp, dp + len, 0f);
            }
            for (int q = 0; q < terms; q++) {
                axpy(dst, dp, coef[q], src, off[q] + p * sStride, len);
            }
        }
    }
}
