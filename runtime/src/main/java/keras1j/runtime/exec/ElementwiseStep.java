package keras1j.runtime.exec;

import keras1j.runtime.ir.ElementwiseKind;

/** Sum, product, average or maximum of several same-shaped inputs, folded left to right. Immutable; thread-safe. */
final class ElementwiseStep extends Step {
    private static final int GRAIN = 1 << 14;
    private final ElementwiseKind kind;
    private final int sampleSize;

    ElementwiseStep(String name, ElementwiseKind kind, int sampleSize) {
        super(name);
        this.kind = kind;
        this.sampleSize = sampleSize;
    }

    /** True for a sum; the schedule folds one of two inputs into the producer of the other ({@link Step#fusesAdd()}). */
    boolean isSum() {
        return kind == ElementwiseKind.SUM;
    }

    @Override
    boolean inPlace() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        int n = batch * sampleSize;
        exec.parallel.forRange(n, GRAIN, (long) n * in.length, (w, i0, i1) -> {
            float[] first = in[0];
            if (first != out) {
                System.arraycopy(first, i0, out, i0, i1 - i0);
            }
            for (int k = 1; k < in.length; k++) {
                float[] x = in[k];
                switch (kind) {
                    case SUM, AVERAGE -> {
                        for (int i = i0; i < i1; i++) {
                            out[i] += x[i];
                        }
                    }
                    case PRODUCT -> {
                        for (int i = i0; i < i1; i++) {
                            out[i] *= x[i];
                        }
                    }
                    case MAX -> {
                        for (int i = i0; i < i1; i++) {
                            out[i] = Math.max(out[i], x[i]);
                        }
                    }
                    default -> throw new AssertionError(kind);
                }
            }
            if (kind == ElementwiseKind.AVERAGE) {
                float count = in.length;
                for (int i = i0; i < i1; i++) {
                    out[i] /= count;
                }
            }
        });
    }
}
