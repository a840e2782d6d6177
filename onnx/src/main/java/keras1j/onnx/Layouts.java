package keras1j.onnx;

/** Axis permutations between the IR's channels-last layout and ONNX's channels-first. Stateless. */
final class Layouts {
    private Layouts() {
    }

    /** {@code [N, d1..dr, C] -> [N, C, d1..dr]} for a tensor of {@code rank}. */
    static int[] toChannelsFirst(int rank) {
        int[] p = new int[rank];
        p[1] = rank - 1;
        for (int i = 2; i < rank; i++) {
            p[i] = i - 1;
        }
        return p;
    }

    /** {@code [N, C, d1..dr] -> [N, d1..dr, C]} for a tensor of {@code rank}. */
    static int[] toChannelsLast(int rank) {
        int[] p = new int[rank];
        for (int i = 1; i < rank - 1; i++) {
            p[i] = i + 1;
        }
        p[rank - 1] = 1;
        return p;
    }

    /** Shape after permuting: {@code out[i] = shape[perm[i]]}. */
    static int[] permuteShape(int[] shape, int[] perm) {
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = shape[perm[i]];
        }
        return out;
    }

    /** Row-major data of {@code shape} permuted so that output axis {@code i} is input axis {@code perm[i]}. */
    static float[] permute(float[] data, int[] shape, int[] perm) {
        int rank = shape.length;
        int[] outShape = permuteShape(shape, perm);
        int[] inStrides = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            inStrides[i] = s;
            s *= shape[i];
        }
        // stride in the input of each output axis
        int[] strideOfOut = new int[rank];
        for (int i = 0; i < rank; i++) {
            strideOfOut[i] = inStrides[perm[i]];
        }
        float[] out = new float[data.length];
        int[] idx = new int[rank];
        int src = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = data[src];
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                src += strideOfOut[ax];
                if (idx[ax] < outShape[ax]) {
                    break;
                }
                src -= strideOfOut[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return out;
    }

    /** Composition: applying {@code first} then {@code second} equals one transpose by the result. */
    static int[] compose(int[] first, int[] second) {
        int[] out = new int[second.length];
        for (int i = 0; i < second.length; i++) {
            out[i] = first[second[i]];
        }
        return out;
    }
}
