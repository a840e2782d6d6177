package keras1j.runtime.kernel;

/**
 * What a matrix product does to its output block after the last step of the reduction, while the
 * block is still in registers or in L1: add a bias per column, add a same-shaped addend (the other
 * input of a residual sum), then clamp at zero (ReLU), in that order:
 * <pre>c[cOffset + i*ldc + j] = relu?(sum + bias[biasOffset + j] + addend[addendOffset + i*addendLd + j])</pre>
 * for the product's rows {@code i} and columns {@code j} (the same indices as the product's
 * {@code c}). A part that is absent ({@code null} arrays, {@code relu} false) is skipped. Immutable;
 * the arrays are read only, and must not be the product's output array.
 *
 * @param bias         per-column values, or {@code null}
 * @param biasOffset   index in {@code bias} of column 0
 * @param addend       values added element by element, or {@code null}
 * @param addendOffset index in {@code addend} of row 0, column 0
 * @param addendLd     floats between two rows of {@code addend}
 * @param relu         whether the result is clamped at zero
 */
public record Epilogue(float[] bias, int biasOffset, float[] addend, int addendOffset, int addendLd, boolean relu) {

    /** The epilogue of one block of rows starting {@code rows} rows further down (same columns). */
    public Epilogue down(int rows) {
        return rows == 0 || addend == null ? this
                : new Epilogue(bias, biasOffset, addend, addendOffset + rows * addendLd, addendLd, relu);
    }

    /**
     * Applies the epilogue to {@code c[cOffset + i*ldc + j]} for {@code i < rows}, {@code j in [j0, j1)}
     * in plain loops (the reference for kernels that apply it inside their tiles).
     */
    public void apply(float[] c, int cOffset, int ldc, int rows, int j0, int j1) {
        for (int i = 0; i < rows; i++) {
            int ci = cOffset + i * ldc;
            if (bias != null) {
                int bi = biasOffset - ci;
                for (int j = ci + j0; j < ci + j1; j++) {
                    c[j] += bias[bi + j];
                }
            }
            if (addend != null) {
                int ai = addendOffset + i * addendLd - ci;
                for (int j = ci + j0; j < ci + j1; j++) {
                    c[j] += addend[ai + j];
                }
            }
            if (relu) {
                for (int j = ci + j0; j < ci + j1; j++) {
                    c[j] = Math.max(c[j], 0f);
                }
            }
        }
    }
}
