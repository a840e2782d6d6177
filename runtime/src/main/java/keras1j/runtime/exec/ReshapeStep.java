package keras1j.runtime.exec;

/** Row-major reshape: the output shares the input's array. Immutable; thread-safe. */
final class ReshapeStep extends Step {
    ReshapeStep(String name) {
        super(name);
    }

    @Override
    boolean aliasesInput() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        throw new AssertionError("a reshape is never run, its output aliases its input");
    }
}
