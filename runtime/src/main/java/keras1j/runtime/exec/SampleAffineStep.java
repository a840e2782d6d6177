package keras1j.runtime.exec;

import keras1j.runtime.ir.SampleAffine;

/** {@code y = x * scale[i] + shift[i]} with one pair per sample element. Immutable; thread-safe. */
final class SampleAffineStep extends Step {
    private final float[] scale;
    private final float[] shift;

    SampleAffineStep(String name, SampleAffine op) {
        super(name);
        this.scale = op.scale().data().clone();
        this.shift = op.shift() == null ? new float[scale.length] : op.shift().data().clone();
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int s = scale.length;
        Nd.forEachSample(exec, batch, s, base -> {
            for (int i = 0; i < s; i++) {
                out[base + i] = x[base + i] * scale[i] + shift[i];
            }
        });
    }
}
