package keras1j.runtime.exec;

import java.util.Arrays;

/**
 * Sliding-window geometry of a rank-1..3 spatial op, seen as 3D: missing leading axes get size 1,
 * kernel 1, stride 1, dilation 1 and no padding, so one loop nest serves every rank. Immutable.
 */
final class Window {
    final int n0, n1, n2;
    final int k0, k1, k2;
    final int s0, s1, s2;
    final int d0, d1, d2;
    final int p0, p1, p2;
    final int o0, o1, o2;

    /**
     * @param in  spatial input sizes (rank r)
     * @param out spatial output sizes (rank r)
     */
    Window(int[] in, int[] kernel, int[] strides, int[] dilations, int[] padsBegin, int[] out) {
        int r = in.length;
        if (r < 1 || r > 3) {
            throw new keras1j.errors.UnsupportedFeatureException("spatial rank " + r + " is not supported (1 to 3)");
        }
        int[] n = lift(in, 1);
        int[] k = lift(kernel, 1);
        int[] s = lift(strides, 1);
        int[] d = dilations == null ? new int[] {1, 1, 1} : lift(dilations, 1);
        int[] p = lift(padsBegin, 0);
        int[] o = lift(out, 1);
        n0 = n[0]; n1 = n[1]; n2 = n[2];
        k0 = k[0]; k1 = k[1]; k2 = k[2];
        s0 = s[0]; s1 = s[1]; s2 = s[2];
        d0 = d[0]; d1 = d[1]; d2 = d[2];
        p0 = p[0]; p1 = p[1]; p2 = p[2];
        o0 = o[0]; o1 = o[1]; o2 = o[2];
    }

    private static int[] lift(int[] v, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(v, 0, r, 3 - v.length, v.length);
        return r;
    }

    int inPositions() {
        return n0 * n1 * n2;
    }

    int outPositions() {
        return o0 * o1 * o2;
    }

    int kernelVolume() {
        return k0 * k1 * k2;
    }

    boolean isPointwise() {
        return k0 == 1 && k1 == 1 && k2 == 1 && s0 == 1 && s1 == 1 && s2 == 1 && p0 == 0 && p1 == 0 && p2 == 0
                && o0 == n0 && o1 == n1 && o2 == n2;
    }

    /** The extent per axis of the input the windows span (from the first window's start to the last one's end). */
    private int[] readExtent() {
        return new int[] {(o0 - 1) * s0 + (k0 - 1) * d0 + 1, (o1 - 1) * s1 + (k1 - 1) * d1 + 1,
            (o2 - 1) * s2 + (k2 - 1) * d2 + 1};
    }

    /** True if the windows read past the input (pads, or windows beyond its end): they read a zero-padded copy. */
    boolean readsPastInput() {
        int[] need = readExtent();
        return p0 > 0 || p1 > 0 || p2 > 0 || need[0] > n0 || need[1] > n1 || need[2] > n2;
    }

    /** The layout (three spatial sizes) the windows read: the padded copy's if {@link #readsPastInput}, else the input's. */
    int[] readLayout() {
        return readsPastInput() ? readExtent() : new int[] {n0, n1, n2};
    }

    /**
     * Copies {@code x} ({@code batch} channels-last samples of {@code channels}) into {@code xp} in the
     * zero-padded {@code layout} ({@link #readLayout}; only the part the windows read), lines of the
     * layout shared out on {@code exec}'s threads.
     */
    void copyPadded(Exec exec, float[] x, int batch, int channels, int[] layout, float[] xp) {
        int lines = batch * layout[0] * layout[1];
        int rowLength = layout[2] * channels;
        exec.parallel.forRange(lines, Nd.rowGrain(rowLength), (long) lines * rowLength, (w, l0, l1) -> {
            for (int l = l0; l < l1; l++) {
                int y = l % layout[1];
                int z = (l / layout[1]) % layout[0];
                int b = l / (layout[1] * layout[0]);
                int iz = z - p0;
                int iy = y - p1;
                int dst = l * rowLength;
                if (iz < 0 || iz >= n0 || iy < 0 || iy >= n1) {
                    Arrays.fill(xp, dst, dst + rowLength, 0f);
                    continue;
                }
                int lo = Math.min(layout[2], p2);
                int hi = Math.max(lo, Math.min(layout[2], p2 + n2));
                Arrays.fill(xp, dst, dst + lo * channels, 0f);
                if (hi > lo) {
                    System.arraycopy(x, (((b * n0 + iz) * n1 + iy) * n2 + lo - p2) * channels, xp,
                            dst + lo * channels, (hi - lo) * channels);
                }
                Arrays.fill(xp, dst + hi * channels, dst + rowLength, 0f);
            }
        });
    }
}
