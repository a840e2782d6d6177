package keras1j.runtime.kernel;

import static keras1j.runtime.kernel.PlainMath.E0;
import static keras1j.runtime.kernel.PlainMath.E1;
import static keras1j.runtime.kernel.PlainMath.E2;
import static keras1j.runtime.kernel.PlainMath.E3;
import static keras1j.runtime.kernel.PlainMath.E4;
import static keras1j.runtime.kernel.PlainMath.EXP_MAX;
import static keras1j.runtime.kernel.PlainMath.EXP_MIN;
import static keras1j.runtime.kernel.PlainMath.LN2_HI;
import static keras1j.runtime.kernel.PlainMath.LN2_LO;
import static keras1j.runtime.kernel.PlainMath.LOG2E;
import static keras1j.runtime.kernel.PlainMath.P1;
import static keras1j.runtime.kernel.PlainMath.P2;
import static keras1j.runtime.kernel.PlainMath.P3;
import static keras1j.runtime.kernel.PlainMath.P4;
import static keras1j.runtime.kernel.PlainMath.P5;
import static keras1j.runtime.kernel.PlainMath.P6;
import static keras1j.runtime.kernel.PlainMath.Q1;
import static keras1j.runtime.kernel.PlainMath.Q2;
import static keras1j.runtime.kernel.PlainMath.Q3;
import static keras1j.runtime.kernel.PlainMath.ROUND;
import static keras1j.runtime.kernel.PlainMath.ROUND_BITS;
import static keras1j.runtime.kernel.PlainMath.TANH_LIMIT;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link MathKernel} on the JDK Vector API: the same formulas and constants as {@link PlainMath}
 * (so the same results), one pass per function with the power-of-two scaling done on the exponent
 * bits in vector registers; ragged ends go to {@link PlainMath}. Each public method holds its whole
 * loop, without vector-valued helpers: HotSpot then compiles it on its own rather than inlining it
 * into a large caller, where JDK 17's C2 may run out of inlining budget halfway through the Vector
 * API's call chains and fall back to slow boxed vectors. Loaded only by {@link Kernels} when the
 * module is present at run time; stateless and thread-safe.
 */
final class VectorMath implements MathKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int L = S.length();
    /** Vectors summed in float before the partial sum joins the double total. */
    private static final int SUM_BLOCK = 64;
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f);
    private final PlainMath tail = new PlainMath();
    /** False on JDKs whose C2 cannot be trusted with lane reinterpretation: the transcendentals then run plain. */
    private final boolean transcendentals;

    VectorMath(boolean transcendentals) {
        this.transcendentals = transcendentals;
    }

    @Override
    public void shiftedSums(float[] out, int n, int outs, float[] init, float[] x, int[] offsets, float[] w) {
        int taps = offsets.length;
        int o = 0;
        for (; o + 4 <= outs; o += 4) {
            int i = 0;
            for (; i + L <= n; i += L) {
                FloatVector a0 = FloatVector.broadcast(S, init == null ? 0f : init[o]);
                FloatVector a1 = FloatVector.broadcast(S, init == null ? 0f : init[o + 1]);
                FloatVector a2 = FloatVector.broadcast(S, init == null ? 0f : init[o + 2]);
                FloatVector a3 = FloatVector.broadcast(S, init == null ? 0f : init[o + 3]);
                // one loop level over the taps (accumulators as phis of nested loops make C2 box them)
                for (int t = 0; t < taps; t++) {
                    FloatVector xv = FloatVector.fromArray(S, x, offsets[t] + i);
                    int wi = t * outs + o;
                    a0 = xv.fma(FloatVector.broadcast(S, w[wi]), a0);
                    a1 = xv.fma(FloatVector.broadcast(S, w[wi + 1]), a1);
                    a2 = xv.fma(FloatVector.broadcast(S, w[wi + 2]), a2);
                    a3 = xv.fma(FloatVector.broadcast(S, w[wi + 3]), a3);
                }
                a0.intoArray(out, o * n + i);
                a1.intoArray(out, (o + 1) * n + i);
                a2.intoArray(out, (o + 2) * n + i);
                a3.intoArray(out, (o + 3) * n + i);
            }
            for (int k = o; k < o + 4; k++) {
                scalarSums(out, n, outs, init, x, offsets, w, k, i);
            }
        }
        for (; o < outs; o++) {
            int i = 0;
            for (; i + L <= n; i += L) {
                FloatVector a0 = FloatVector.broadcast(S, init == null ? 0f : init[o]);
                for (int t = 0; t < taps; t++) {
                    a0 = FloatVector.fromArray(S, x, offsets[t] + i).fma(FloatVector.broadcast(S, w[t * outs + o]), a0);
                }
                a0.intoArray(out, o * n + i);
            }
            scalarSums(out, n, outs, init, x, offsets, w, o, i);
        }
    }

    private static void scalarSums(float[] out, int n, int outs, float[] init, float[] x, int[] offsets, float[] w,
            int o, int from) {
        for (int i = from; i < n; i++) {
            float s = init == null ? 0f : init[o];
            for (int t = 0; t < offsets.length; t++) {
                s = Math.fma(x[offsets[t] + i], w[t * outs + o], s);
            }
            out[o * n + i] = s;
        }
    }

    @Override
    public void max(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(S, a, ai + j).max(FloatVector.fromArray(S, b, bi + j)).intoArray(dst, d + j);
        }
        for (; j < n; j++) {
            dst[d + j] = Math.max(a[ai + j], b[bi + j]);
        }
    }

    @Override
    public void add(float[] a, int ai, float[] b, int bi, float[] dst, int d, int n) {
        int j = 0;
        for (; j + L <= n; j += L) {
            FloatVector.fromArray(S, a, ai + j).add(FloatVector.fromArray(S, b, bi + j)).intoArray(dst, d + j);
        }
        for (; j < n; j++) {
            dst[d + j] = a[ai + j] + b[bi + j];
        }
    }

    @Override
    public void reduce(boolean max, float[] src, int[] off, int terms, float[] dst, int d, int n) {
        int j = 0;
        // each vector of the result in a register over all the terms
        for (; j + L <= n; j += L) {
            FloatVector acc = FloatVector.fromArray(S, src, off[0] + j);
            if (max) {
                for (int q = 1; q < terms; q++) {
                    acc = acc.max(FloatVector.fromArray(S, src, off[q] + j));
                }
            } else {
                for (int q = 1; q < terms; q++) {
                    acc = acc.add(FloatVector.fromArray(S, src, off[q] + j));
                }
            }
            acc.intoArray(dst, d + j);
        }
        for (; j < n; j++) {
            float acc = src[off[0] + j];
            for (int q = 1; q < terms; q++) {
                acc = max ? Math.max(acc, src[off[q] + j]) : acc + src[off[q] + j];
            }
            dst[d + j] = acc;
        }
    }

    @Override
    public void axpy(float[] acc, int accOffset, float w, float[] x, int xOffset, int n) {
        FloatVector wv = FloatVector.broadcast(S, w);
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, x, xOffset + i).fma(wv, FloatVector.fromArray(S, acc, accOffset + i))
                    .intoArray(acc, accOffset + i);
        }
        for (; i < n; i++) {
            acc[accOffset + i] = Math.fma(w, x[xOffset + i], acc[accOffset + i]);
        }
    }

    @Override
    public void multiplyAddTaps(float[] acc, int accOffset, int positions, int channels, float[] x, int[] xOffsets,
            int xStride, float[] w, int[] wOffsets, int taps) {
        int vc = channels - channels % L;
        int p = 0;
        for (; p + 4 <= positions; p += 4) {
            int a = accOffset + p * channels;
            for (int c = 0; c < vc; c += L) {
                four(acc, a + c, channels, x, xOffsets, p * xStride + c, xStride, w, wOffsets, c, taps);
            }
            scalarChannels(acc, a, 4, channels, vc, x, xOffsets, p * xStride, xStride, w, wOffsets, taps);
        }
        for (; p < positions; p++) {
            int a = accOffset + p * channels;
            for (int c = 0; c < vc; c += L) {
                one(acc, a + c, x, xOffsets, p * xStride + c, w, wOffsets, c, taps);
            }
            scalarChannels(acc, a, 1, channels, vc, x, xOffsets, p * xStride, xStride, w, wOffsets, taps);
        }
    }

    /**
     * One vector of channels at four positions {@code ld} apart in {@code acc}: four independent sums
     * per weight vector (a single sum would wait on the latency of every multiply-add).
     */
    private static void four(float[] acc, int a, int ld, float[] x, int[] xOffsets, int xp, int xStride, float[] w,
            int[] wOffsets, int c, int taps) {
        FloatVector s0 = FloatVector.fromArray(S, acc, a);
        FloatVector s1 = FloatVector.fromArray(S, acc, a + ld);
        FloatVector s2 = FloatVector.fromArray(S, acc, a + 2 * ld);
        FloatVector s3 = FloatVector.fromArray(S, acc, a + 3 * ld);
        for (int t = 0; t < taps; t++) {
            FloatVector wv = FloatVector.fromArray(S, w, wOffsets[t] + c);
            int xo = xOffsets[t] + xp;
            s0 = FloatVector.fromArray(S, x, xo).fma(wv, s0);
            s1 = FloatVector.fromArray(S, x, xo + xStride).fma(wv, s1);
            s2 = FloatVector.fromArray(S, x, xo + 2 * xStride).fma(wv, s2);
            s3 = FloatVector.fromArray(S, x, xo + 3 * xStride).fma(wv, s3);
        }
        s0.intoArray(acc, a);
        s1.intoArray(acc, a + ld);
        s2.intoArray(acc, a + 2 * ld);
        s3.intoArray(acc, a + 3 * ld);
    }

    /** One vector of channels at one position. */
    private static void one(float[] acc, int a, float[] x, int[] xOffsets, int xp, float[] w, int[] wOffsets, int c,
            int taps) {
        FloatVector s0 = FloatVector.fromArray(S, acc, a);
        for (int t = 0; t < taps; t++) {
            s0 = FloatVector.fromArray(S, x, xOffsets[t] + xp).fma(FloatVector.fromArray(S, w, wOffsets[t] + c), s0);
        }
        s0.intoArray(acc, a);
    }

    /** Channels {@code [from, channels)} of {@code count} positions, without vectors. */
    private static void scalarChannels(float[] acc, int a, int count, int channels, int from, float[] x,
            int[] xOffsets, int xp, int xStride, float[] w, int[] wOffsets, int taps) {
        for (int q = 0; q < count; q++) {
            for (int c = from; c < channels; c++) {
                float s = acc[a + q * channels + c];
                for (int t = 0; t < taps; t++) {
                    s = Math.fma(x[xOffsets[t] + xp + q * xStride + c], w[wOffsets[t] + c], s);
                }
                acc[a + q * channels + c] = s;
            }
        }
    }

    @Override
    public boolean anyOffsets() {
        return true;
    }

    @Override
    public void tanh(float[] src, float[] dst, int from, int to) {
        if (!transcendentals) {
            tail.tanh(src, dst, from, to);
            return;
        }
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, i).min(TANH_LIMIT).max(-TANH_LIMIT);
            FloatVector s = x.mul(x);
            FloatVector p = s.mul(P6).add(P5).mul(s).add(P4).mul(s).add(P3).mul(s).add(P2).mul(s).add(P1).mul(s)
                    .add(1f);
            FloatVector q = s.mul(Q3).add(Q2).mul(s).add(Q1).mul(s).add(1f);
            x.mul(p).div(q).intoArray(dst, i);
        }
        tail.tanh(src, dst, i, to);
    }

    @Override
    public double exp(float[] src, float[] dst, int from, int to, float shift) {
        if (!transcendentals) {
            return tail.exp(src, dst, from, to, shift);
        }
        double sum = 0;
        int i = from;
        while (i + L <= to) {
            FloatVector acc = FloatVector.zero(S);
            for (int v = 0; v < SUM_BLOCK && i + L <= to; v++, i += L) {
                // the exponential, spelled out in both loops (see the class comment)
                FloatVector x = FloatVector.fromArray(S, src, i).sub(shift).min(EXP_MAX).max(EXP_MIN);
                FloatVector t = x.mul(LOG2E).add(ROUND);
                FloatVector k = t.sub(ROUND);
                FloatVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
                FloatVector p = r.mul(E4).add(E3).mul(r).add(E2).mul(r).add(E1).mul(r).add(E0);
                IntVector e = ((IntVector) t.reinterpretShape(IS, 0)).sub(ROUND_BITS);
                IntVector e1 = e.lanewise(VectorOperators.ASHR, 1);
                FloatVector y = p.mul(r).mul(r).add(r).add(1f)
                        .mul((FloatVector) e1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0))
                        .mul((FloatVector) e.sub(e1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0));
                y.intoArray(dst, i);
                acc = acc.add(y);
            }
            sum += acc.reduceLanes(VectorOperators.ADD);
        }
        return sum + tail.exp(src, dst, i, to, shift);
    }

    @Override
    public void sigmoid(float[] src, float[] dst, int from, int to) {
        if (!transcendentals) {
            tail.sigmoid(src, dst, from, to);
            return;
        }
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, i).neg().min(EXP_MAX).max(EXP_MIN);
            FloatVector t = x.mul(LOG2E).add(ROUND);
            FloatVector k = t.sub(ROUND);
            FloatVector r = x.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            FloatVector p = r.mul(E4).add(E3).mul(r).add(E2).mul(r).add(E1).mul(r).add(E0);
            IntVector e = ((IntVector) t.reinterpretShape(IS, 0)).sub(ROUND_BITS);
            IntVector e1 = e.lanewise(VectorOperators.ASHR, 1);
            FloatVector y = p.mul(r).mul(r).add(r).add(1f)
                    .mul((FloatVector) e1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0))
                    .mul((FloatVector) e.sub(e1).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretShape(S, 0));
            ONE.div(y.add(1f)).intoArray(dst, i);
        }
        tail.sigmoid(src, dst, i, to);
    }

    @Override
    public void combine(float[] dst, int d, int dStride, int count, int len, float[] src, int[] off, int sStride,
            float[] coef, int terms, float[] init, int i0) {
        int vectorEnd = terms <= 6 ? len / L * L : 0;
        if (vectorEnd > 0) {
            // the terms' offsets and coefficients in locals, so that each vector is summed in a register
            int o0 = terms > 0 ? off[0] : 0;
            int o1 = terms > 1 ? off[1] : 0;
            int o2 = terms > 2 ? off[2] : 0;
            int o3 = terms > 3 ? off[3] : 0;
            int o4 = terms > 4 ? off[4] : 0;
            int o5 = terms > 5 ? off[5] : 0;
            FloatVector w0 = FloatVector.broadcast(S, terms > 0 ? coef[0] : 0f);
            FloatVector w1 = FloatVector.broadcast(S, terms > 1 ? coef[1] : 0f);
            FloatVector w2 = FloatVector.broadcast(S, terms > 2 ? coef[2] : 0f);
            FloatVector w3 = FloatVector.broadcast(S, terms > 3 ? coef[3] : 0f);
            FloatVector w4 = FloatVector.broadcast(S, terms > 4 ? coef[4] : 0f);
            FloatVector w5 = FloatVector.broadcast(S, terms > 5 ? coef[5] : 0f);
            for (int p = 0, sp = 0, dp = d; p < count; p++, sp += sStride, dp += dStride) {
                for (int c = 0; c < vectorEnd; c += L) {
                    FloatVector acc = init == null ? FloatVector.zero(S) : FloatVector.fromArray(S, init, i0 + c);
                    if (terms > 0) {
                        acc = FloatVector.fromArray(S, src, o0 + sp + c).fma(w0, acc);
                    }
                    if (terms > 1) {
                        acc = FloatVector.fromArray(S, src, o1 + sp + c).fma(w1, acc);
                    }
                    if (terms > 2) {
                        acc = FloatVector.fromArray(S, src, o2 + sp + c).fma(w2, acc);
                    }
                    if (terms > 3) {
                        acc = FloatVector.fromArray(S, src, o3 + sp + c).fma(w3, acc);
                    }
                    if (terms > 4) {
                        acc = FloatVector.fromArray(S, src, o4 + sp + c).fma(w4, acc);
                    }
                    if (terms > 5) {
                        acc = FloatVector.fromArray(S, src, o5 + sp + c).fma(w5, acc);
                    }
                    acc.intoArray(dst, dp + c);
                }
            }
        }
        if (vectorEnd < len) {
            for (int p = 0, sp = 0, dp = d; p < count; p++, sp += sStride, dp += dStride) {
                for (int c = vectorEnd; c < len; c++) {
                    float v = init == null ? 0f : init[i0 + c];
                    for (int q = 0; q < terms; q++) {
                        v = Math.fma(coef[q], src[off[q] + sp + c], v);
                    }
                    dst[dp + c] = v;
                }
            }
        }
    }
}
