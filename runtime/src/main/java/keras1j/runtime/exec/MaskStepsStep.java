package keras1j.runtime.exec;

/** {@link keras1j.runtime.ir.MaskSteps}: each step times its mask value. Immutable; thread-safe. */
final class MaskStepsStep extends Step {
    private final int steps;
    private final int stepSize;

    MaskStepsStep(String name, int steps, int stepSize) {
        super(name);
        this.steps = steps;
        this.stepSize = stepSize;
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        float[] mask = in[1];
        for (int r = 0; r < batch * steps; r++) {
            float m = mask[r];
            for (int k = r * stepSize, end = k + stepSize; k < end; k++) {
                out[k] = x[k] * m;
            }
        }
    }
}
