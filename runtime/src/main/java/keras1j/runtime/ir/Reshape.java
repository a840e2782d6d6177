package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

/**
 * Row-major reshape of each sample to {@code sampleShape} (batch axis kept). An entry is a size
 * ({@code >= 1}), {@link #COPY} (the input's size on the same axis: sample entry {@code i} copies input
 * axis {@code i + 1}, open or not) or {@link #INFER} (at most one entry: whatever size makes the element
 * counts agree). These are ONNX {@code Reshape}'s rules, and what lets a reshape keep an open
 * ({@link Shape#UNKNOWN}) axis open: e.g. {@code [COPY, 12]} flattens each step of
 * {@code [N, T, 3, 4]} for any {@code T}. On an input with open sizes the element count is checked
 * once the graph is specialized; a target that could never match an open input (no {@code COPY}
 * of its open axes and no {@code INFER}) fails at once.
 *
 * @param sampleShape the target sizes after the batch axis
 */
public record Reshape(int[] sampleShape) implements Op {
    /** Target entry: the input's size on the same axis. */
    public static final int COPY = 0;
    /** Target entry: the size that makes the element counts agree (at most one). */
    public static final int INFER = -1;

    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        if (sampleShape.length < 1) {
            throw ShapeChecks.fail(this, inputs, "the target needs at least one axis after the batch axis");
        }
        int[] out = new int[sampleShape.length + 1];
        out[0] = in.dim(0);
        int infer = -1;
        boolean[] copiedOpen = new boolean[in.rank()];
        for (int i = 0; i < sampleShape.length; i++) {
            int v = sampleShape[i];
            if (v == INFER) {
                if (infer >= 0) {
                    throw ShapeChecks.fail(this, inputs, "at most one inferred (-1) entry in "
                            + Arrays.toString(sampleShape));
                }
                infer = i;
                continue;
            }
            if (v == COPY) {
                if (i + 1 >= in.rank()) {
                    throw ShapeChecks.fail(this, inputs, "entry " + i + " copies input axis " + (i + 1)
                            + ", which the input lacks");
                }
                v = in.dim(i + 1);
                if (v == Shape.UNKNOWN) {
                    copiedOpen[i + 1] = true;
                }
            } else if (v < 1) {
                throw ShapeChecks.fail(this, inputs, "entries must be sizes >= 1, COPY (0) or INFER (-1), got "
                        + Arrays.toString(sampleShape));
            }
            out[i + 1] = v;
        }
        long knownOut = Dims.product(opName(), "sampleShape",
                Arrays.stream(out, 1, out.length).filter(d -> d > 0).toArray());
        long knownIn = 1;
        boolean openLeft = false;
        for (int a = 1; a < in.rank(); a++) {
            if (in.dim(a) == Shape.UNKNOWN) {
                openLeft |= !copiedOpen[a];
            } else {
                knownIn *= in.dim(a);
            }
        }
        if (openLeft) {
            // an open input axis that is not copied: only an inferred entry can absorb it
            if (infer < 0) {
                throw ShapeChecks.fail(this, inputs, "cannot reshape a sample with open sizes to "
                        + Arrays.toString(sampleShape) + " (neither copied nor inferred)");
            }
            out[infer + 1] = Shape.UNKNOWN;
            return Shape.of(out);
        }
        // the open input axes (if any) are copied as they are: the known sizes must agree
        if (infer >= 0) {
            if (knownIn % knownOut != 0 || knownIn / knownOut > Integer.MAX_VALUE) {
                throw ShapeChecks.fail(this, inputs, "cannot reshape " + knownIn + " elements per sample to "
                        + Arrays.toString(sampleShape));
            }
            out[infer + 1] = (int) (knownIn / knownOut);
        } else if (knownIn != knownOut) {
            throw ShapeChecks.fail(this, inputs, "cannot reshape " + knownIn + " elements per sample to "
                    + Arrays.toString(sampleShape));
        }
        return Shape.of(out);
    }
}
