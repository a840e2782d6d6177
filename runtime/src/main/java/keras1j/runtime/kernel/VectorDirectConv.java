package keras1j.runtime.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectConv} on the JDK Vector API for few channels in channels-last layout. An output row
 * ({@code o2 * cout} contiguous values) is covered by vectors of {@code L} lanes, lane {@code j} of a
 * vector holding output position {@code ox0 + (p + j) / cout} and channel {@code (p + j) % cout}
 * ({@code p} its phase, the row offset of its first lane modulo {@code cout}). For each kernel tap
 * (kernel offset and input channel) one unaligned load of the input from the tap's offset, one
 * lane permutation (the same for every tap of a phase: it repeats each position's input over its
 * output channels) and one fused multiply-add with the tap's weights laid out per lane. Vectors of
 * four rows' worth are computed together so that the multiply-add chains overlap. Applies only when
 * a vector's positions read at most {@code L} consecutive inputs ({@link #prepare} returns null
 * otherwise). Loaded reflectively by {@link KernelSet}; immutable and thread-safe.
 */
final class VectorDirectConv implements DirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private final DirectConvShape shape;
    private final int taps;
    private final int[] offsets;
    private final int maxOffset;
    private final int xStep;
    private final int rowLength;
    /** Vectors per output row. */
    private final int nv;
    /** Per vector of a row: its first output position and its phase. */
    private final int[] ox0;
    private final int[] phaseOf;
    /** Per phase: the lane permutation, the bias per lane, the weights per tap and lane ({@code taps * L}). */
    private final VectorShuffle<Float>[] shuffles;
    private final int[][] lanes;
    private final float[][] biases;
    private final float[][] weights;
    private final PlainDirectConv scalar;
    /** Per output row of a sample, the offset of its first input in the sample. */
    private final int[] rowBase;

    @SuppressWarnings("unchecked")
    private VectorDirectConv(DirectConvShape s, float[] kernel, float[] bias, int phases, int[] phaseIds) {
        this.shape = s;
        this.taps = s.taps();
        this.offsets = s.tapOffsets();
        int m = 0;
        for (int o : offsets) {
            m = Math.max(m, o);
        }
        this.maxOffset = m;
        this.xStep = s.s2() * s.cin();
        this.rowLength = s.o2() * s.cout();
        this.nv = (rowLength + L - 1) / L;
        this.ox0 = new int[nv];
        this.phaseOf = new int[nv];
        for (int v = 0; v < nv; v++) {
            ox0[v] = v * L / s.cout();
            phaseOf[v] = phaseIds[v * L % s.cout()];
        }
        this.shuffles = new VectorShuffle[phases];
        this.lanes = new int[phases][];
        this.biases = new float[phases][L];
        this.weights = new float[phases][taps * L];
        for (int p = 0; p < s.cout(); p++) {
            int id = phaseIds[p];
            if (id < 0 || lanes[id] != null) {
                continue;
            }
            int[] idx = new int[L];
            for (int j = 0; j < L; j++) {
                int co = (p + j) % s.cout();
                idx[j] = (p + j) / s.cout() * xStep;
                biases[id][j] = bias == null ? 0f : bias[co];
                for (int t = 0; t < taps; t++) {
                    weights[id][t * L + j] = kernel[t * s.cout() + co];
                }
            }
            lanes[id] = idx;
            shuffles[id] = VectorShuffle.fromArray(S, idx, 0);
        }
        this.scalar = new PlainDirectConv(s, kernel, bias);
        this.rowBase = new int[s.rowsPerSample()];
        for (int r = 0; r < rowBase.length; r++) {
            rowBase[r] = s.inputRowBase(r);
        }
    }

    /** The kernel for {@code s}, or null if a vector's positions would read more than one vector of input. */
    static DirectConv prepare(DirectConvShape s, float[] kernel, float[] bias) {
        int xStep = s.s2() * s.cin();
        int[] phaseIds = new int[s.cout()];
        java.util.Arrays.fill(phaseIds, -1);
        int phases = 0;
        int rowLength = s.o2() * s.cout();
        for (int v = 0; v * L < rowLength; v++) {
            int p = v * L % s.cout();
            if (phaseIds[p] < 0) {
                if ((p + L - 1) / s.cout() * xStep > L - 1) {
                    return null;
                }
                phaseIds[p] = phases++;
            }
        }
        return new VectorDirectConv(s, kernel, bias, phases, phaseIds);
    }

    @Override
    public void rows(float[] x, float[] out, int r0, int r1) {
        int rps = shape.rowsPerSample();
        int sampleIn = shape.l0() * shape.l1() * shape.l2() * shape.cin();
        int limit = x.length - L - maxOffset;
        int stop = r1 * rowLength;
        // a cursor over the vectors of the rows (row r = b * rps + rr, vector v of the row), advanced
        // without divisions
        int b = r0 / rps;
        int rr = r0 - b * rps;
        int v = 0;
        int left = (r1 - r0) * nv;
        int o = r0 * rowLength;
        for (; left >= 4; left -= 4) {
            int xa = b * sampleIn + rowBase[rr] + ox0[v] * xStep;
            int oa = o + v * L;
            int pa = phaseOf[v];
            if (++v == nv) {
                v = 0;
                o += rowLength;
                if (++rr == rps) {
                    rr = 0;
                    b++;
                }
            }
            int xb = b * sampleIn + rowBase[rr] + ox0[v] * xStep;
            int ob = o + v * L;
            int pb = phaseOf[v];
            if (++v == nv) {
                v = 0;
                o += rowLength;
                if (++rr == rps) {
                    rr = 0;
                    b++;
                }
            }
            int xc = b * sampleIn + rowBase[rr] + ox0[v] * xStep;
            int oc = o + v * L;
            int pc = phaseOf[v];
            if (++v == nv) {
                v = 0;
                o += rowLength;
                if (++rr == rps) {
                    rr = 0;
                    b++;
                }
            }
            int xd = b * sampleIn + rowBase[rr] + ox0[v] * xStep;
            int od = o + v * L;
            int pd = phaseOf[v];
            if (++v == nv) {
                v = 0;
                o += rowLength;
                if (++rr == rps) {
                    rr = 0;
                    b++;
                }
            }
            if (xd > limit) {
                one(x, out, xa, oa, pa, stop, limit);
                one(x, out, xb, ob, pb, stop, limit);
                one(x, out, xc, oc, pc, stop, limit);
                one(x, out, xd, od, pd, stop, limit);
                continue;
            }
            float[] wa = weights[pa];
            VectorShuffle<Float> sa = shuffles[pa];
            FloatVector a = FloatVector.fromArray(S, biases[pa], 0);
            FloatVector bv = FloatVector.fromArray(S, biases[pb], 0);
            FloatVector c = FloatVector.fromArray(S, biases[pc], 0);
            FloatVector d = FloatVector.fromArray(S, biases[pd], 0);
            if (pa == pb && pa == pc && pa == pd) {
                // one phase (the usual case): the four vectors share each tap's weights
                for (int t = 0; t < taps; t++) {
                    int off = offsets[t];
                    FloatVector w = FloatVector.fromArray(S, wa, t * L);
                    a = FloatVector.fromArray(S, x, xa + off).rearrange(sa).fma(w, a);
                    bv = FloatVector.fromArray(S, x, xb + off).rearrange(sa).fma(w, bv);
                    c = FloatVector.fromArray(S, x, xc + off).rearrange(sa).fma(w, c);
                    d = FloatVector.fromArray(S, x, xd + off).rearrange(sa).fma(w, d);
                }
            } else {
                float[] wb = weights[pb];
                float[] wc = weights[pc];
                float[] wd = weights[pd];
                VectorShuffle<Float> sb = shuffles[pb];
                VectorShuffle<Float> sc = shuffles[pc];
                VectorShuffle<Float> sd = shuffles[pd];
                for (int t = 0; t < taps; t++) {
                    int off = offsets[t];
                    int wi = t * L;
                    a = FloatVector.fromArray(S, x, xa + off).rearrange(sa).fma(FloatVector.fromArray(S, wa, wi), a);
                    bv = FloatVector.fromArray(S, x, xb + off).rearrange(sb).fma(FloatVector.fromArray(S, wb, wi), bv);
                    c = FloatVector.fromArray(S, x, xc + off).rearrange(sc).fma(FloatVector.fromArray(S, wc, wi), c);
                    d = FloatVector.fromArray(S, x, xd + off).rearrange(sd).fma(FloatVector.fromArray(S, wd, wi), d);
                }
            }
            // a row's partial last vector spills into the next row, which is stored later; only at the
            // range's end are the values stored through a copy
            if (od + L <= stop) {
                a.intoArray(out, oa);
                bv.intoArray(out, ob);
                c.intoArray(out, oc);
                d.intoArray(out, od);
            } else {
                float[] t = new float[4 * L];
                a.intoArray(t, 0);
                bv.intoArray(t, L);
                c.intoArray(t, 2 * L);
                d.intoArray(t, 3 * L);
                System.arraycopy(t, 0, out, oa, Math.min(L, stop - oa));
                System.arraycopy(t, L, out, ob, Math.min(L, stop - ob));
                System.arraycopy(t, 2 * L, out, oc, Math.min(L, stop - oc));
                System.arraycopy(t, 3 * L, out, od, Math.min(L, stop - od));
            }
        }
        for (; left > 0; left--) {
            one(x, out, b * sampleIn + rowBase[rr] + ox0[v] * xStep, o + v * L, phaseOf[v], stop, limit);
            if (++v == nv) {
                v = 0;
                o += rowLength;
                if (++rr == rps) {
                    rr = 0;
                    b++;
                }
            }
        }
    }

    /**
     * The vector of output values from {@code o} (before {@code stop}) whose first position reads input
     * {@code xa}, of phase {@code p}; on the scalar kernel if its loads would pass the input's end.
     */
    private void one(float[] x, float[] out, int xa, int o, int p, int stop, int limit) {
        if (xa > limit) {
            // only this row's values: the rest of the vector would be the next row's
            int inRow = o % rowLength;
            scalar.values(x, xa, out, o, Math.min(Math.min(L, stop - o), rowLength - inRow), inRow % shape.cout());
            return;
        }
        float[] w = weights[p];
        VectorShuffle<Float> sh = shuffles[p];
        FloatVector a = FloatVector.fromArray(S, biases[p], 0);
        for (int t = 0; t < taps; t++) {
            a = FloatVector.fromArray(S, x, xa + offsets[t]).rearrange(sh).fma(FloatVector.fromArray(S, w, t * L), a);
        }
        if (o + L <= stop) {
            a.intoArray(out, o);
        } else {
            float[] t = new float[L];
            a.intoArray(t, 0);
            System.arraycopy(t, 0, out, o, stop - o);
        }
    }
}
