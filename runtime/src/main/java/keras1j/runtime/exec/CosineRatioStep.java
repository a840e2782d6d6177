package keras1j.runtime.exec;

/**
 * {@link keras1j.runtime.ir.CosineRatio}: {@code ab / max(sqrt(aa * bb), epsilon)} element by element
 * (NaN where {@code aa * bb < 0}, as {@code Math.max} keeps NaN). Sizes come from the buffers, so one
 * plan serves any size. Immutable; thread-safe.
 */
final class CosineRatioStep extends Step {
    private final float epsilon;

    CosineRatioStep(String name, float epsilon) {
        super(name);
        this.epsilon = epsilon;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] ab = in[0];
        float[] aa = in[1];
        float[] bb = in[2];
        for (int i = 0; i < out.length; i++) {
            out[i] = ab[i] / Math.max((float) Math.sqrt(aa[i] * bb[i]), epsilon);
        }
    }
}
