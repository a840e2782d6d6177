package keras1j.keras.layers;

import keras1j.keras.DimOrdering;

/**
 * Maps per-spatial-axis amounts of a Keras layer onto the axes of the IR value that holds its input,
 * so that padding, cropping and upsampling need no transpose whatever the value's layout.
 */
final class SpatialAxes {
    private SpatialAxes() {
    }

    /**
     * Per-IR-axis array (batch included) with {@code perSpatial[i]} on the IR axis holding the i-th
     * spatial logical axis and {@code fill} elsewhere.
     *
     * @param r the number of spatial axes (1D layers are always channels-last)
     */
    static int[] onIrAxes(KerasTensor in, DimOrdering ordering, int r, int[] perSpatial, int fill) {
        int[] logicalAxes = Layouts.spatialAxes(r + 2, r == 1 ? DimOrdering.TF : ordering);
        int[] out = new int[in.rank()];
        java.util.Arrays.fill(out, fill);
        for (int i = 0; i < r; i++) {
            out[in.irAxis(logicalAxes[i])] = perSpatial[i];
        }
        return out;
    }

    /** 1, 2 or 3 from a class name ending in 1D, 2D or 3D. */
    static int rankOf(String className) {
        return className.endsWith("1D") ? 1 : className.endsWith("2D") ? 2 : 3;
    }
}
