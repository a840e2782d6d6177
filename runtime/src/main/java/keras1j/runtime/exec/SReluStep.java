package keras1j.runtime.exec;

import keras1j.runtime.ir.SRelu;

/** S-shaped ReLU with one parameter set per sample element. Immutable; thread-safe. */
final class SReluStep extends Step {
    private final float[] tLeft;
    private final float[] aLeft;
    private final float[] tRight;
    private final float[] aRight;

    SReluStep(String name, SRelu op) {
        super(name);
        this.tLeft = op.tLeft().data().clone();
        this.aLeft = op.aLeft().data().clone();
        this.tRight = op.tRight().data().clone();
        this.aRight = op.aRight().data().clone();
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int s = tLeft.length;
        Nd.forEachSample(exec, batch, s, base -> {
            for (int i = 0; i < s; i++) {
                float v = x[base + i];
                float d = v - tLeft[i];
                float left = Math.min(d > 0f ? d : aLeft[i] * d, tRight[i] - tLeft[i]);
                out[base + i] = tLeft[i] + left + aRight[i] * Math.max(v - tRight[i], 0f);
            }
        });
    }
}
