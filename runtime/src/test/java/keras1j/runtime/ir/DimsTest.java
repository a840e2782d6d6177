package keras1j.runtime.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import keras1j.errors.ShapeException;
import keras1j.runtime.tensor.Tensor;

class DimsTest {

    @Test
    void sumsAndProductsBeyondIntAreShapeErrorsNamingTheField() {
        assertEquals(7, Dims.add("Pad", "padded size", 3, 2, 2));
        ShapeException e = assertThrows(ShapeException.class,
                () -> Dims.add("Pad", "padded size of axis 1", 4, Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertEquals("Pad: padded size of axis 1 is 4294967298, beyond the largest supported size 2147483647",
                e.getMessage());
        assertThrows(ShapeException.class, () -> Dims.mul("Upsample", "size", 2_000_000_000, 2));
        assertThrows(ShapeException.class, () -> Dims.product("Reshape", "sampleShape", Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE));
        assertThrows(ShapeException.class, () -> Dims.size(-1, "x", "y"));
    }

    @Test
    void windowOutputNeverWraps() {
        assertEquals(10, Dims.windowOutput("Conv", "output size", 12, 3, 1, 1, 0, 0));
        assertEquals(1, Dims.windowOutput("Conv", "output size", 12, 3, Integer.MAX_VALUE, 1, 0, 0));
        assertThrows(ShapeException.class,
                () -> Dims.windowOutput("Conv", "output size", 12, 3, 1, 2_000_000_000, 0, 0));
        assertThrows(ShapeException.class, () -> Dims.windowOutput("Conv", "output size", Integer.MAX_VALUE, 1, 1, 1,
                Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void opsRejectOverflowingShapesInsteadOfWrapping() {
        Shape in = Shape.batched(4, 1, 3, 2);
        ShapeException pad = assertThrows(ShapeException.class,
                () -> new Pad(new int[] {0, 0, Integer.MAX_VALUE, 0, 0}, new int[] {0, 0, 0, 0, 0}).inferShape(List.of(in)));
        assertTrue(pad.getMessage().contains("padded size of axis 2"), pad.getMessage());
        assertThrows(ShapeException.class,
                () -> new Upsample(new int[] {1, 2_000_000_000, 1, 1, 1}).inferShape(List.of(in)));
        Conv conv = new Conv(Tensor.zeros(3, 2, 4), null, new int[] {1}, new int[] {2_000_000_000}, new int[] {0},
                new int[] {0}, 1);
        ShapeException c = assertThrows(ShapeException.class, () -> conv.inferShape(List.of(Shape.batched(12, 2))));
        assertTrue(c.getMessage().startsWith("Conv"), c.getMessage());
        assertThrows(ShapeException.class, () -> new Concat(1).inferShape(List.of(Shape.batched(Integer.MAX_VALUE, 1),
                Shape.batched(Integer.MAX_VALUE, 1))));
        assertThrows(ShapeException.class, () -> new Crop(new int[] {0, Integer.MAX_VALUE}, new int[] {0,
                Integer.MAX_VALUE}).inferShape(List.of(Shape.batched(5))));
        assertThrows(ShapeException.class, () -> Shape.batched(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
    }
}
