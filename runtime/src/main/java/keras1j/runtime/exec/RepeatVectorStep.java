package keras1j.runtime.exec;

/** {@code [N, F] -> [N, times, F]}. Immutable; thread-safe. */
final class RepeatVectorStep extends Step {
    private final int times;
    private final int features;

    RepeatVectorStep(String name, int times, int features) {
        super(name);
        this.times = times;
        this.features = features;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < times; t++) {
                System.arraycopy(x, b * features, out, (b * times + t) * features, features);
            }
        }
    }
}
