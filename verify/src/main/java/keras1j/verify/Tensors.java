package keras1j.verify;

import keras1j.runtime.tensor.Tensor;

/** Small tensor utilities for checking results. Stateless. */
public final class Tensors {
    private Tensors() {
    }

    /** Output axis {@code i} is input axis {@code perm[i]} (the IR's Transpose semantics). */
    public static Tensor transpose(Tensor t, int[] perm) {
        int[] in = t.shape();
        int r = in.length;
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            out[i] = in[perm[i]];
        }
        int[] inStrides = new int[r];
        int s = 1;
        for (int i = r - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= in[i];
        }
        int[] stride = new int[r];
        for (int i = 0; i < r; i++) {
            stride[i] = inStrides[perm[i]];
        }
        float[] src = t.data();
        float[] dst = new float[src.length];
        int[] idx = new int[r];
        int offset = 0;
        for (int n = 0; n < dst.length; n++) {
            dst[n] = src[offset];
            for (int a = r - 1; a >= 0; a--) {
                idx[a]++;
                offset += stride[a];
                if (idx[a] < out[a]) {
                    break;
                }
                offset -= stride[a] * out[a];
                idx[a] = 0;
            }
        }
        return Tensor.of(dst, out);
    }
}
