package keras1j.runtime.exec;

import java.util.Arrays;

import keras1j.runtime.ir.Pad;

/** Zero padding of any rank: zero fill, then {@link BoxCopy}. Immutable; thread-safe. */
final class PadStep extends Step {
    private final int[] inSample;
    private final int[] outSample;
    private final int[] begin;

    PadStep(String name, Pad op, int[] inSample, int[] outSample) {
        super(name);
        this.inSample = inSample.clone();
        this.outSample = outSample.clone();
        this.begin = op.begin().clone();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        int[] e = Nd.withBatch(outSample, batch);
        Arrays.fill(out, 0, Nd.product(e, 0, e.length), 0f);
        BoxCopy.copy(exec, Nd.withBatch(inSample, batch), e, begin, in[0], out, true);
    }
}
