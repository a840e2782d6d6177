package keras1j.runtime.ir;

import java.util.Arrays;
import java.util.List;

/** Row-major reshape of each sample to {@code sampleShape} (batch axis kept). */
public record Reshape(int[] sampleShape) implements Op {
    @Override
    public Shape inferShape(List<Shape> inputs) {
        Shape in = ShapeChecks.single(this, inputs);
        ShapeChecks.requireAtLeast(this, "sampleShape", sampleShape, 1);
        long n = Dims.product(opName(), "sampleShape", sampleShape);
        if (n != in.sampleSize()) {
            throw ShapeChecks.fail(this, inputs, "cannot reshape " + in.sampleSize() + " elements per sample to "
                    + Arrays.toString(sampleShape));
        }
        int[] out = new int[sampleShape.length + 1];
        out[0] = in.dim(0);
        System.arraycopy(sampleShape, 0, out, 1, sampleShape.length);
        return Shape.of(out);
    }
}
