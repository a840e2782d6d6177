package keras1j.runtime.exec;

/** {@link keras1j.runtime.ir.MaskSteps}: each step times its mask value. Immutable; thread-safe. */
final class MaskStepsStep extends Step {
    MaskStepsStep(String name) {
        super(name);
    }

    @Override
    boolean inPlace() {
        return true;
    }

    /** Sizes come from the buffers (exactly the values' sizes), so that one plan serves any sequence length. */
    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        float[] mask = in[1];
        int stepSize = x.length / mask.length;
        for (int r = 0; r < mask.length; r++) {
            float m = mask[r];
            for (int k = r * stepSize, end = k + stepSize; k < end; k++) {
                out[k] = x[k] * m;
            }
        }
    }
}
