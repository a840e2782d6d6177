package keras1j.runtime.ir;

import java.util.List;

/**
 * N-dimensional max or average pooling, channels-last: input {@code [N, n1..nr, C]}.
 *
 * <p>Padded positions never take part: {@link PoolKind#MAX} ignores them and
 * {@link PoolKind#AVERAGE} divides by the number of real elements in the window (Keras 1 on both
 * backends excludes padding). Output size per axis as for {@link Conv} with dilation 1. Pads must
 * be smaller than the window so that every window holds at least one real element.
 */
public record Pool(PoolKind kind, int[] kernel, int[] strides, int[] padsBegin, int[] padsEnd) implements Op {

    public int spatialRank() {
        return kernel.length;
    }

    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        int r = kernel.length;
        ShapeChecks.requireRank(this, inputs, in, r + 2);
        ShapeChecks.requireLength(this, "strides", strides, r);
        ShapeChecks.requireLength(this, "padsBegin", padsBegin, r);
        ShapeChecks.requireLength(this, "padsEnd", padsEnd, r);
        ShapeChecks.requireAtLeast(this, "kernel", kernel, 1);
        ShapeChecks.requireAtLeast(this, "strides", strides, 1);
        ShapeChecks.requireAtLeast(this, "padsBegin", padsBegin, 0);
        ShapeChecks.requireAtLeast(this, "padsEnd", padsEnd, 0);
        int[] out = in.dims();
        for (int i = 0; i < r; i++) {
            if (padsBegin[i] >= kernel[i] || padsEnd[i] >= kernel[i]) {
                throw ShapeChecks.fail(this, inputs, "pads must be smaller than the window " + kernel[i]);
            }
            out[i + 1] = ShapeChecks.windowOutput(this, inputs, in.dim(i + 1), kernel[i], strides[i], 1,
                    padsBegin[i], padsEnd[i]);
        }
        return Shape.of(out);
    }
}
