package keras1j.runtime.exec;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.kernel.DirectConv;
import keras1j.runtime.kernel.DirectConvShape;
import keras1j.runtime.kernel.KernelSet;

/**
 * Ungrouped convolution with few channels ({@value #MAX_CIN} in, {@value #MAX_COUT} out at most, or
 * one in and {@value #MAX_COUT_ONE_CHANNEL} out) on
 * the kernel set's direct convolution ({@link KernelSet#directConv}): channels-last in and out, no
 * im2col and no change of layout; only a padding convolution first copies its input into a
 * zero-padded layout. Tasks are runs of output rows; a fused activation is applied to each task's
 * rows while they are in cache. Planned where the kernel set has a direct convolution for the
 * shape (see {@link #create}). Immutable; thread-safe.
 */
final class DirectConvStep extends Step {
    /** Largest channel counts planned here (the range of the few-channel paths). */
    static final int MAX_CIN = 8;
    static final int MAX_COUT = 16;
    /**
     * Largest output channel count for one input channel (a first layer on grey images): there the
     * matrix products read taps of one value each and build im2col rows, which the direct
     * convolution beats (measured 2x at 1 -> 32 channels on 28x28, 1.2x at 1 -> 64); with more input
     * channels and more than {@value #MAX_COUT} outputs the implicit product wins.
     */
    static final int MAX_COUT_ONE_CHANNEL = 64;
    /** Output values per task, about. */
    private static final int TASK_VALUES = 4096;

    private final Window win;
    private final int cin;
    private final DirectConvShape shape;
    private final DirectConv conv;
    private final boolean padCopy;
    /** The layout the windows read ({@link Window#readLayout}). */
    private final int[] layout;

    private DirectConvStep(String name, Window win, int cin, DirectConvShape shape, DirectConv conv) {
        super(name);
        this.win = win;
        this.cin = cin;
        this.shape = shape;
        this.conv = conv;
        this.padCopy = win.readsPastInput();
        this.layout = win.readLayout();
    }

    /** The step for {@code op}, or null if it is not a few-channel convolution the kernels run directly. */
    static DirectConvStep create(String name, Conv op, Window v, int cin, KernelSet kernels) {
        if (op.groups() != 1 || cin > MAX_CIN || op.outChannels() > (cin == 1 ? MAX_COUT_ONE_CHANNEL : MAX_COUT)) {
            return null;
        }
        int[] layout = v.readLayout();
        DirectConvShape shape = new DirectConvShape(v.o0, v.o1, v.o2, layout[0], layout[1], layout[2], cin,
                op.outChannels(), v.k0, v.k1, v.k2, v.s0, v.s1, v.s2, v.d0, v.d1, v.d2);
        DirectConv conv = kernels.directConv(shape, op.kernel().readData(), op.bias());
        return conv == null ? null : new DirectConvStep(name, v, cin, shape, conv);
    }

    @Override
    boolean fusesActivation() {
        return true;
    }

    @Override
    void run(Exec exec, int batch, float[][] in, float[] out, Act fused) {
        float[] x = in[0];
        float[] xp = x;
        if (padCopy) {
            xp = exec.arena.take(batch * layout[0] * layout[1] * layout[2] * cin);
            win.copyPadded(exec, x, batch, cin, layout, xp);
        }
        float[] src = xp;
        int rows = batch * shape.rowsPerSample();
        int rowLength = shape.o2() * shape.cout();
        int grain = Math.max(1, TASK_VALUES / rowLength);
        long work = 2L * rows * rowLength * win.kernelVolume() * cin;
        exec.parallel.forRange(rows, grain, work, (w, r0, r1) -> {
            conv.rows(src, out, r0, r1);
            if (fused != null) {
                fused.apply(out, out, r0 * rowLength, r1 * rowLength);
            }
        });
        if (padCopy) {
            exec.arena.give(xp);
        }
    }
}
