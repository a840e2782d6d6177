package keras1j.runtime.exec;

import keras1j.runtime.ir.Dense;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/** Dense layer on the last axis as one matrix product over all leading positions. Immutable; thread-safe. */
final class DenseStep extends Step {
    private final PackedMatrix weights;
    private final float[] bias;
    private final Sgemm gemm;
    private final int in;
    private final int outer;

    /** @param outer product of the non-batch axes before the last one */
    DenseStep(String name, Dense op, int outer, Sgemm gemm) {
        super(name);
        this.in = op.weights().dim(0);
        int n = op.weights().dim(1);
        // a fresh read is packed in place where the kernel can (no second copy, even for a moment)
        WeightRead read = WeightRead.of(op.weights());
        this.weights = read.fresh() ? gemm.packOwned(read.values(), in, n) : gemm.pack(read.values(), 0, n, in, n);
        if (weights.flatData() == read.values()) {
            read.keep();
        } else {
            read.release();
        }
        this.bias = op.bias() == null ? null : op.bias().clone();
        this.gemm = gemm;
        this.outer = outer;
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] x, float[] out, Act fused) {
        int rows = batch * outer;
        GemmRunner.multiply(exec, gemm, rows, x[0], 0, in, weights, out, 0, weights.cols(), 0, bias, fused);
    }
}
