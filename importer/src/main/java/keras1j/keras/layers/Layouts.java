package keras1j.keras.layers;

import keras1j.keras.DimOrdering;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

/**
 * Permutation and layout helpers. The copies they make read their source with
 * {@link Tensor#readData()}, so that a lazily read weight is not also kept in its original layout.
 * Stateless.
 */
public final class Layouts {
    private Layouts() {
    }

    public static int[] identity(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        return p;
    }

    public static boolean isIdentity(int[] perm) {
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return false;
            }
        }
        return true;
    }

    public static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    /**
     * The channels-last layout of an image tensor of {@code rank} (batch included) in
     * {@code ordering}: identity for {@code tf}, {@code [0, 2, .., rank-1, 1]} for {@code th}.
     */
    public static int[] channelsLast(int rank, DimOrdering ordering) {
        if (ordering == DimOrdering.TF) {
            return identity(rank);
        }
        int[] p = new int[rank];
        p[0] = 0;
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    /** The logical axes holding the spatial dimensions of an image tensor, in order. */
    public static int[] spatialAxes(int rank, DimOrdering ordering) {
        int[] a = new int[rank - 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = ordering == DimOrdering.TH ? i + 2 : i + 1;
        }
        return a;
    }

    /** The logical channel axis of an image tensor. */
    public static int channelAxis(int rank, DimOrdering ordering) {
        return ordering == DimOrdering.TH ? 1 : rank - 1;
    }

    /** The shape of {@code Transpose(x, perm)} for {@code x} of shape {@code s}. */
    public static Shape permute(Shape s, int[] perm) {
        int[] d = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            d[i] = s.dim(perm[i]);
        }
        return Shape.of(d);
    }

    /** {@code perm} applied to a plain array: {@code out[i] = values[perm[i]]}. */
    public static int[] permute(int[] values, int[] perm) {
        int[] d = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            d[i] = values[perm[i]];
        }
        return d;
    }

    /** Composition: {@code Transpose(Transpose(x, first), second) == Transpose(x, compose(first, second))}. */
    public static int[] compose(int[] first, int[] second) {
        int[] c = new int[second.length];
        for (int i = 0; i < second.length; i++) {
            c[i] = first[second[i]];
        }
        return c;
    }

    /** A transposed copy of {@code t}: output axis {@code i} is input axis {@code perm[i]}. */
    public static Tensor transpose(Tensor t, int... perm) {
        int[] in = t.shape();
        int rank = in.length;
        if (perm.length != rank) {
            throw new IllegalArgumentException("perm length " + perm.length + " for rank " + rank);
        }
        if (isIdentity(perm)) {
            return t;
        }
        int[] out = permute(in, perm);
        int[] inStrides = strides(in);
        int[] srcStride = new int[rank];
        for (int i = 0; i < rank; i++) {
            srcStride[i] = inStrides[perm[i]];
        }
        float[] src = t.readData();
        float[] dst = new float[src.length];
        int[] idx = new int[rank];
        int offset = 0;
        for (int k = 0; k < dst.length; k++) {
            dst[k] = src[offset];
            for (int a = rank - 1; a >= 0; a--) {
                idx[a]++;
                offset += srcStride[a];
                if (idx[a] < out[a]) {
                    break;
                }
                offset -= srcStride[a] * out[a];
                idx[a] = 0;
            }
        }
        return Tensor.of(dst, out);
    }

    /**
     * {@code t} repeated along its axes of size 1 to {@code shape} (same rank; every other axis must
     * already have the target size).
     */
    public static Tensor broadcast(Tensor t, int... shape) {
        int[] in = t.shape();
        if (in.length != shape.length) {
            throw new IllegalArgumentException("cannot broadcast rank " + in.length + " to rank " + shape.length);
        }
        for (int i = 0; i < in.length; i++) {
            if (in[i] != shape[i] && in[i] != 1) {
                throw new IllegalArgumentException("cannot broadcast axis " + i + " of size " + in[i] + " to " + shape[i]);
            }
        }
        int[] inStrides = strides(in);
        float[] src = t.readData();
        float[] dst = new float[(int) Tensor.elementCount(shape)];
        int[] idx = new int[shape.length];
        for (int k = 0; k < dst.length; k++) {
            int s = 0;
            for (int a = 0; a < shape.length; a++) {
                s += (in[a] == 1 ? 0 : idx[a]) * inStrides[a];
            }
            dst[k] = src[s];
            for (int a = shape.length - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return Tensor.of(dst, shape);
    }

    /** A copy of {@code t} reversed along each of {@code axes}. */
    public static Tensor flip(Tensor t, int... axes) {
        int[] shape = t.shape();
        int rank = shape.length;
        boolean[] flipped = new boolean[rank];
        for (int a : axes) {
            flipped[a] = true;
        }
        int[] strides = strides(shape);
        float[] src = t.readData();
        float[] dst = new float[src.length];
        int[] idx = new int[rank];
        for (int k = 0; k < dst.length; k++) {
            int s = 0;
            for (int a = 0; a < rank; a++) {
                int i = flipped[a] ? shape[a] - 1 - idx[a] : idx[a];
                s += i * strides[a];
            }
            dst[k] = src[s];
            for (int a = rank - 1; a >= 0; a--) {
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return Tensor.of(dst, shape);
    }

    private static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }
}
