package keras1j.runtime.exec;

import keras1j.runtime.ir.PRelu;

/** {@code y = x > 0 ? x : alpha[i] * x} with one alpha per sample element. Immutable; thread-safe. */
final class PReluStep extends Step {
    private final float[] alpha;

    PReluStep(String name, PRelu op) {
        super(name);
        this.alpha = op.alpha().data().clone();
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int s = alpha.length;
        Nd.forEachSample(exec, batch, s, base -> {
            for (int i = 0; i < s; i++) {
                float v = x[base + i];
                out[base + i] = v > 0f ? v : alpha[i] * v;
            }
        });
    }
}
