package keras1j.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

class ElementTypeTest {
    private static float[] decode(ElementType t, ByteOrder o, byte[] bytes, int n) {
        float[] out = new float[n + 1];
        ByteBuffer b = ByteBuffer.wrap(bytes);
        t.decode(b, o, out, 1, n);
        assertEquals(n * t.size(), b.position());
        return java.util.Arrays.copyOfRange(out, 1, n + 1);
    }

    @Test
    void decodesEveryTypeInBothByteOrders() {
        float[] values = {0, 1, -2, 127, 3, 100};
        for (ElementType t : ElementType.values()) {
            if (t == ElementType.BOOL) {
                continue;
            }
            float[] v = values.clone();
            if (t.name().startsWith("U")) {
                v[2] = 2;
            }
            for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                assertArrayEquals(v, decode(t, o, NpyTestFiles.encode(v, t, o), v.length), t + " " + o);
            }
        }
        assertArrayEquals(new float[] {1, 0}, decode(ElementType.BOOL, ByteOrder.LITTLE_ENDIAN, new byte[] {1, 0}, 2));
        assertArrayEquals(new float[] {255, 65535}, new float[] {
            decode(ElementType.UINT8, ByteOrder.LITTLE_ENDIAN, new byte[] {-1}, 1)[0],
            decode(ElementType.UINT16, ByteOrder.BIG_ENDIAN, new byte[] {-1, -1}, 1)[0]});
    }

    @Test
    void float64RoundsToNearestFloat32() {
        double d = 0.1;
        byte[] bytes = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putDouble(d).array();
        assertEquals((float) d, decode(ElementType.FLOAT64, ByteOrder.BIG_ENDIAN, bytes, 1)[0]);
    }

    @Test
    void integersWithoutExactFloat32AreRefusedNotRounded() {
        byte[] ok = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1 << 24).putLong(-(1 << 24)).array();
        assertArrayEquals(new float[] {16777216f, -16777216f}, decode(ElementType.INT64, ByteOrder.LITTLE_ENDIAN, ok, 2));
        byte[] bad = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(5).putInt((1 << 24) + 1).array();
        ElementType.Problem p = assertThrows(ElementType.Problem.class,
                () -> decode(ElementType.INT32, ByteOrder.LITTLE_ENDIAN, bad, 2));
        assertEquals(1, p.index());
        assertTrue(p.getMessage().contains("16777217"), p.getMessage());
        byte[] u64 = ByteBuffer.allocate(8).putLong(-1).array();
        assertTrue(assertThrows(ElementType.Problem.class,
                () -> decode(ElementType.UINT64, ByteOrder.BIG_ENDIAN, u64, 1)).getMessage()
                .contains("18446744073709551615"));
        assertTrue(assertThrows(ElementType.Problem.class,
                () -> decode(ElementType.BOOL, ByteOrder.LITTLE_ENDIAN, new byte[] {2}, 1)).getMessage()
                .contains("bool"));
    }
}
