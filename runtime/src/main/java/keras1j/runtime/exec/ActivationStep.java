package keras1j.runtime.exec;

/** An element-wise activation, in place when the input dies here. Immutable; thread-safe. */
final class ActivationStep extends Step {
    private static final int GRAIN = 1 << 14;
    final Act act;
    private final int sampleSize;

    ActivationStep(String name, Act act, int sampleSize) {
        super(name);
        this.act = act;
        this.sampleSize = sampleSize;
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        int n = batch * sampleSize;
        exec.parallel.forRange(n, GRAIN, (long) n * act.cost(), (w, i0, i1) -> act.apply(x, out, i0, i1));
    }
}
