package keras1j.runtime.exec;

/** {@link keras1j.runtime.ir.StepMask}: 1 where a step has an element other than the value. Immutable; thread-safe. */
final class StepMaskStep extends Step {
    private final float value;

    StepMaskStep(String name, float value) {
        super(name);
        this.value = value;
    }

    /** Sizes come from the buffers (exactly the values' sizes), so that one plan serves any sequence length. */
    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int stepSize = x.length / out.length;
        for (int r = 0; r < out.length; r++) {
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
