package keras1j.runtime.exec;

/** {@link keras1j.runtime.ir.StepMask}: 1 where a step has an element other than the value. Immutable; thread-safe. */
final class StepMaskStep extends Step {
    private final float value;
    private final int steps;
    private final int stepSize;

    StepMaskStep(String name, float value, int steps, int stepSize) {
        super(name);
        this.value = value;
        this.steps = steps;
        this.stepSize = stepSize;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        for (int r = 0; r < batch * steps; r++) {
            float keep = 0f;
            for (int k = r * stepSize, end = k + stepSize; k < end; k++) {
                // != is true for NaN, as Theano's neq
                if (x[k] != value) {
                    keep = 1f;
                    break;
                }
            }
            out[r] = keep;
        }
    }
}
