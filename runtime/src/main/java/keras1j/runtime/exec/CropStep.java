package keras1j.runtime.exec;

import keras1j.runtime.ir.Crop;

/** Cropping of any rank (see {@link BoxCopy}). Immutable; thread-safe. */
final class CropStep extends Step {
    private final int[] inSample;
    private final int[] outSample;
    private final int[] begin;

    CropStep(String name, Crop op, int[] inSample, int[] outSample) {
        super(name);
        this.inSample = inSample.clone();
        this.outSample = outSample.clone();
        this.begin = op.begin().clone();
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        BoxCopy.copy(exec, Nd.withBatch(outSample, batch), Nd.withBatch(inSample, batch), begin, in[0], out, false);
    }
}
