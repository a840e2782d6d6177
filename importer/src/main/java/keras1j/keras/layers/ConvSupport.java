package keras1j.keras.layers;

import keras1j.keras.Backend;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.tensor.Tensor;

/** Helpers shared by the convolution and pooling converters. Stateless. */
final class ConvSupport {
    private ConvSupport() {
    }

    /** Explicit pads of a convolution or pooling window over all spatial axes. */
    record WindowPads(int[] begin, int[] end, int[] out) {
    }

    /** {@code border_mode}, one of {@code allowed} (default {@code valid}). */
    static String borderMode(LayerConfig cfg, Backend backend, String... allowed) {
        String mode = cfg.optionalString("border_mode", "valid");
        for (String a : allowed) {
            if (a.equals(mode)) {
                if ("full".equals(mode) && backend == Backend.TENSORFLOW) {
                    throw cfg.unsupported("border_mode", mode, "it exists only on the Theano backend");
                }
                return mode;
            }
        }
        throw cfg.invalid("border_mode", "one of " + String.join(", ", allowed), cfg.json().get("border_mode"));
    }

    static WindowPads convPads(LayerConfig cfg, Backend backend, String mode, int[] in, int[] kernel, int[] strides,
            int[] dilations) {
        int r = kernel.length;
        int[] b = new int[r];
        int[] e = new int[r];
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            PaddingRules.Pads p;
            try {
                p = PaddingRules.conv(backend, mode, in[i], kernel[i], strides[i], dilations[i]);
            } catch (IllegalArgumentException ex) {
                throw cfg.invalid("spatial axis " + (i + 1) + ": " + ex.getMessage());
            } catch (UnsupportedOperationException ex) {
                throw cfg.unsupported("border_mode", mode, ex.getMessage());
            }
            b[i] = p.begin();
            e[i] = p.end();
            o[i] = p.out();
        }
        return new WindowPads(b, e, o);
    }

    /** Explicit pads of a pooling window; the rank is {@code pool.length} (Keras' 1D pooling counts as 2D). */
    static WindowPads poolPads(LayerConfig cfg, Backend backend, String mode, int[] in, int[] pool, int[] strides) {
        int r = pool.length;
        int[] b = new int[r];
        int[] e = new int[r];
        int[] o = new int[r];
        for (int i = 0; i < r; i++) {
            PaddingRules.Pads p;
            try {
                p = PaddingRules.pool(backend, mode, r, in[i], pool[i], strides[i]);
            } catch (IllegalArgumentException ex) {
                throw cfg.invalid("spatial axis " + (i + 1) + ": " + ex.getMessage());
            } catch (UnsupportedOperationException ex) {
                throw cfg.unsupported("border_mode", mode, ex.getMessage());
            }
            b[i] = p.begin();
            e[i] = p.end();
            o[i] = p.out();
        }
        return new WindowPads(b, e, o);
    }

    /** Requires every entry of {@code values} (read from {@code key}) to be at least 1. */
    static int[] positive(LayerConfig cfg, String key, int[] values) {
        for (int v : values) {
            if (v < 1) {
                throw cfg.invalid(key, "positive integers", cfg.json().get(key));
            }
        }
        return values;
    }

    static int positive(LayerConfig cfg, String key, int value) {
        if (value < 1) {
            throw cfg.invalid(key, "a positive integer", cfg.json().get(key));
        }
        return value;
    }

    /** Bias values, or null. */
    static float[] bias(Tensor b) {
        return b == null ? null : b.readData().clone();
    }

    /** Flips the first {@code spatialRank} axes (Theano true convolution to cross-correlation). */
    static Tensor flipSpatial(Tensor kernel, int spatialRank) {
        int[] axes = new int[spatialRank];
        for (int i = 0; i < spatialRank; i++) {
            axes[i] = i;
        }
        return Layouts.flip(kernel, axes);
    }

    /** The sizes of {@code shape}'s spatial axes in a channels-last IR layout. */
    static int[] spatialDims(int[] irShape) {
        int[] s = new int[irShape.length - 2];
        System.arraycopy(irShape, 1, s, 0, s.length);
        return s;
    }

    static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
