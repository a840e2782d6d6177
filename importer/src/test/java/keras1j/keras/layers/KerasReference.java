package keras1j.keras.layers;

import java.util.Map;

import keras1j.keras.ImportedModel;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * Test oracle: Keras 1.2.2's window operations written out literally from its backends, one sample at
 * a time, on channels-last arrays {@code [n1..nr, C]}, plus a helper to run an import on the Java
 * engine. The Theano paths pad both sides, run Theano's output-size formula, then apply Keras'
 * crop; the TensorFlow paths use TensorFlow's SAME/VALID definition.
 */
final class KerasReference {
    private KerasReference() {
    }

    /** Where window {@code i} of one axis starts ({@code i*stride - offset}) and how many windows are kept. */
    record Axis(int offset, int count) {
    }

    /** Theano conv2d/conv3d ({@code half}, {@code valid}, {@code full}) followed by Keras' even-kernel crop. */
    static Axis theanoConv(String mode, int n, int k, int s, int d) {
        int ke = (k - 1) * d + 1;
        int pad = switch (mode) {
            case "same" -> ke / 2;
            case "full" -> ke - 1;
            default -> 0;
        };
        int theano = (n + 2 * pad - ke) / s + 1;
        int kept = "same".equals(mode) && k % 2 == 0 ? Math.min(theano, (n + s - 1) / s) : theano;
        return new Axis(pad, kept);
    }

    /** Theano pool_2d (rank 1, 2) / pool_3d (rank 3) with {@code ignore_border=True}, then Keras' crop. */
    static Axis theanoPool(int rank, String mode, int n, int p, int s) {
        int pad = 0;
        if ("same".equals(mode)) {
            pad = rank < 3 ? (p > 2 && p % 2 == 1 ? p - 2 : p - 1) : (p % 2 == 1 ? p - 2 : p - 1);
        }
        int theano = (n + 2 * pad - p) / s + 1;
        return new Axis(pad, "same".equals(mode) ? Math.min(theano, (n + s - 1) / s) : theano);
    }

    /** TensorFlow SAME / VALID for a window of extent {@code ke}. */
    static Axis tensorflow(String mode, int n, int ke, int s) {
        if ("valid".equals(mode)) {
            return new Axis(0, (n - ke) / s + 1);
        }
        int out = (n + s - 1) / s;
        int total = Math.max(0, (out - 1) * s + ke - n);
        return new Axis(total / 2, out);
    }

    /**
     * Cross-correlation of one sample {@code x [n..., cin]} with {@code kernel [k..., cin, cout]}:
     * {@code y[o] = bias + sum x[o*s + j*d - offset] * kernel[j]}, zeros outside the input.
     */
    static float[] correlate(float[] x, int[] n, int cin, float[] kernel, int[] k, int cout, float[] bias, int[] s,
            int[] d, Axis[] axes) {
        int r = n.length;
        int[] out = new int[r];
        for (int a = 0; a < r; a++) {
            out[a] = axes[a].count();
        }
        float[] y = new float[(int) Tensor.elementCount(out) * cout];
        int[] o = new int[r];
        int[] j = new int[r];
        for (int oi = 0; oi < y.length / cout; oi++) {
            unflatten(oi, out, o);
            for (int co = 0; co < cout; co++) {
                double acc = bias == null ? 0 : bias[co];
                for (int ji = 0; ji < Tensor.elementCount(k); ji++) {
                    unflatten(ji, k, j);
                    int xi = 0;
                    boolean inside = true;
                    for (int a = 0; a < r; a++) {
                        int p = o[a] * s[a] + j[a] * d[a] - axes[a].offset();
                        inside &= p >= 0 && p < n[a];
                        xi = xi * n[a] + p;
                    }
                    if (!inside) {
                        continue;
                    }
                    for (int ci = 0; ci < cin; ci++) {
                        acc += x[xi * cin + ci] * kernel[(ji * cin + ci) * cout + co];
                    }
                }
                y[oi * cout + co] = (float) acc;
            }
        }
        return y;
    }

    /** Max or exclude-padding average pooling of one sample {@code x [n..., c]}. */
    static float[] pool(float[] x, int[] n, int c, int[] p, int[] s, Axis[] axes, boolean max) {
        int r = n.length;
        int[] out = new int[r];
        for (int a = 0; a < r; a++) {
            out[a] = axes[a].count();
        }
        float[] y = new float[(int) Tensor.elementCount(out) * c];
        int[] o = new int[r];
        int[] j = new int[r];
        for (int oi = 0; oi < y.length / c; oi++) {
            unflatten(oi, out, o);
            for (int ch = 0; ch < c; ch++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                int count = 0;
                for (int ji = 0; ji < Tensor.elementCount(p); ji++) {
                    unflatten(ji, p, j);
                    int xi = 0;
                    boolean inside = true;
                    for (int a = 0; a < r; a++) {
                        int q = o[a] * s[a] + j[a] - axes[a].offset();
                        inside &= q >= 0 && q < n[a];
                        xi = xi * n[a] + q;
                    }
                    if (inside) {
                        float v = x[xi * c + ch];
                        acc = max ? Math.max(acc, v) : acc + v;
                        count++;
                    }
                }
                y[oi * c + ch] = (float) (max ? acc : acc / count);
            }
        }
        return y;
    }

    /** A kernel {@code [k..., cin, cout]} flipped on its spatial axes (Theano's true convolution). */
    static float[] flip(float[] kernel, int[] k, int cin, int cout) {
        float[] f = new float[kernel.length];
        int[] j = new int[k.length];
        int taps = (int) Tensor.elementCount(k);
        for (int ji = 0; ji < taps; ji++) {
            unflatten(ji, k, j);
            int fi = 0;
            for (int a = 0; a < k.length; a++) {
                fi = fi * k[a] + (k[a] - 1 - j[a]);
            }
            System.arraycopy(kernel, ji * cin * cout, f, fi * cin * cout, cin * cout);
        }
        return f;
    }

    /** Values {@code (i * 7 % 11 - 5) * scale}: small, signed, irregular. */
    static float[] values(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 7 + 3) % 11 - 5) * scale;
        }
        return v;
    }

    /** Runs a one-input, one-output import on the Java engine. */
    static Tensor run(ImportedModel m, Tensor input) {
        try (JavaEngine engine = JavaEngine.create(m.graph())) {
            Map<String, Tensor> out = engine.predict(Map.of(m.inputNames().get(0), input));
            return out.get(m.outputNames().get(0));
        }
    }

    /** Runs an import with several inputs on the Java engine; outputs by name. */
    static Map<String, Tensor> run(ImportedModel m, Map<String, Tensor> inputs) {
        try (JavaEngine engine = JavaEngine.create(m.graph())) {
            return engine.predict(inputs);
        }
    }

    private static void unflatten(int i, int[] dims, int[] idx) {
        for (int a = dims.length - 1; a >= 0; a--) {
            idx[a] = i % dims[a];
            i /= dims[a];
        }
    }
}
