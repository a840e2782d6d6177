package keras1j.runtime.exec;

/** Concatenation along a non-batch axis: per outer index, one contiguous block per input. Immutable; thread-safe. */
final class ConcatStep extends Step {
    private final int outer;
    /** Per input: contiguous block length per outer index. */
    private final int[] blocks;
    private final int total;

    /** @param outer product of the non-batch axes before the axis */
    ConcatStep(String name, int outer, int[] blocks) {
        super(name);
        this.outer = outer;
        this.blocks = blocks.clone();
        int t = 0;
        for (int b : blocks) {
            t += b;
        }
        this.total = t;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        int rows = batch * outer;
        exec.parallel.forRange(rows, Nd.rowGrain(total), (long) rows * total, (w, r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int dst = r * total;
                for (int k = 0; k < blocks.length; k++) {
                    System.arraycopy(in[k], r * blocks[k], out, dst, blocks[k]);
                    dst += blocks[k];
                }
            }
        });
    }
}
