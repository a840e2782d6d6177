package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import keras1j.onnx.OnnxContext.Ref;
import keras1j.runtime.ir.Shape;

class OnnxContextTest {

    @Test
    void generatedNamesAvoidReservedAndDefinedNames() {
        OnnxContext ctx = new OnnxContext();
        ctx.reserve("Relu");
        Ref x = ctx.input("x", Shape.batched(3));
        Ref a = ctx.node("Relu", List.of(x));
        Ref b = ctx.node("Relu", List.of(a));
        Ref c = ctx.node("Relu", "Relu", List.of(b));
        assertEquals(List.of("Relu_1", "Relu_2", "Relu"), List.of(a.name(), b.name(), c.name()));
    }

    @Test
    void referenceFromAnotherContextIsRejected() {
        OnnxContext one = new OnnxContext();
        OnnxContext two = new OnnxContext();
        Ref x = one.input("x", Shape.batched(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> two.node("Relu", List.of(x)));
        assertEquals("value 'x' belongs to another ONNX context", e.getMessage());
    }

    @Test
    void valueCannotBeDefinedTwice() {
        OnnxContext ctx = new OnnxContext();
        Ref x = ctx.input("x", Shape.batched(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ctx.node("Relu", "x", List.of(x)));
        assertEquals("ONNX value name 'x' is empty or already defined", e.getMessage());
    }

    @Test
    void initializersAreLittleEndianRawData() {
        OnnxContext ctx = new OnnxContext();
        Ref w = ctx.floats("w", new float[] {1f, -2f, 0.5f, 3f, 4f, 5f}, 2, 3);
        Ref p = ctx.longs("pads", 0L, 1L, 2L);
        GraphProto g = ctx.build("g");
        TensorProto wt = g.getInitializer(0);
        assertEquals(w.name(), wt.getName());
        assertEquals(List.of(2L, 3L), wt.getDimsList());
        assertEquals(TensorProto.DataType.FLOAT.getNumber(), wt.getDataType());
        float[] back = new float[6];
        wt.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(back);
        assertArrayEquals(new float[] {1f, -2f, 0.5f, 3f, 4f, 5f}, back);
        TensorProto pt = g.getInitializer(1);
        assertEquals(p.name(), pt.getName());
        assertEquals(TensorProto.DataType.INT64.getNumber(), pt.getDataType());
        assertEquals(List.of(3L), pt.getDimsList());
    }

    @Test
    void initializerDataMustMatchItsDims() {
        OnnxContext ctx = new OnnxContext();
        assertThrows(IllegalArgumentException.class, () -> ctx.floats("w", new float[5], 2, 3));
    }
}
