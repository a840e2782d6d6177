package keras1j.cli.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NpyHeaderTest {
    private static NpyHeader read(byte[] bytes) throws IOException {
        return NpyHeader.read(new ByteArrayInputStream(bytes));
    }

    private static String problem(byte[] bytes) {
        return assertThrows(NpyHeader.Problem.class, () -> read(bytes)).getMessage();
    }

    @Test
    void encodesExactlyWhatNumpySaveWritesForFloat32() {
        // np.save(f, np.zeros((2, 5), 'f4')): 128-byte header, version 1.0
        byte[] h = NpyHeader.encode(ElementType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new long[] {2, 5});
        String text = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
        assertEquals(128, h.length);
        assertEquals(0x76, h[8]);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 5), }", text.strip());
        assertTrue(text.endsWith(" \n"));
        String one = new String(NpyHeader.encode(ElementType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new long[] {7}),
                StandardCharsets.US_ASCII);
        assertTrue(one.contains("'shape': (7,), }"), one);
    }

    @Test
    void roundTripsShapesTypesAndOrders() throws IOException {
        long[][] shapes = {{}, {0}, {3}, {4, 1, 12, 12}, {100000000L, 3}};
        for (long[] shape : shapes) {
            for (ElementType t : ElementType.values()) {
                for (ByteOrder o : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                    byte[] bytes = NpyHeader.encode(t, o, shape);
                    assertEquals(0, bytes.length % 64);
                    NpyHeader h = read(bytes);
                    assertEquals(t, h.type());
                    assertEquals(t.size() == 1 ? ByteOrder.LITTLE_ENDIAN : o, h.order());
                    assertArrayEquals(shape, h.shape());
                    assertEquals(bytes.length, h.dataOffset());
                }
            }
        }
    }

    @Test
    void writesVersion2WhenTheDictExceeds64KiB() throws IOException {
        long[] shape = new long[30000];
        java.util.Arrays.fill(shape, 1);
        byte[] bytes = NpyHeader.encode(ElementType.FLOAT32, ByteOrder.LITTLE_ENDIAN, shape);
        assertEquals(2, bytes[6]);
        assertEquals(0, bytes.length % 64);
        assertEquals(30000, read(bytes).shape().length);
    }

    @Test
    void acceptsNumpyVariants() throws IOException {
        // Python 2 longs, double quotes, no spaces, no trailing comma, other key order, version 3.0
        NpyHeader h = read(NpyTestFiles.header("{\"shape\":(2L,3L),\"fortran_order\":False,\"descr\":\">f8\"}"));
        assertArrayEquals(new long[] {2, 3}, h.shape());
        assertEquals(ElementType.FLOAT64, h.type());
        assertEquals(ByteOrder.BIG_ENDIAN, h.order());
        byte[] v3 = NpyTestFiles.header(NpyTestFiles.dict("<i8", 5));
        ByteBuffer b = ByteBuffer.allocate(v3.length + 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 3).put((byte) 0).putInt(v3.length - 10).put(v3, 10, v3.length - 10);
        NpyHeader h3 = read(b.array());
        assertEquals(ElementType.INT64, h3.type());
        assertEquals(v3.length + 2, h3.dataOffset());
        assertEquals(ElementType.UINT8, read(NpyTestFiles.header(NpyTestFiles.dict("|u1", 5))).type());
        assertEquals(ElementType.BOOL, read(NpyTestFiles.header(NpyTestFiles.dict("|b1", 5))).type());
    }

    @Test
    void rejectsMalformedHeadersWithTheReason() {
        assertTrue(problem("PK\u0003\u0004xxxxxxxx".getBytes(StandardCharsets.ISO_8859_1)).contains("magic"));
        assertTrue(problem(new byte[] {(byte) 0x93, 'N', 'U'}).contains("ends inside"));
        byte[] v4 = NpyTestFiles.header(NpyTestFiles.dict("<f4", 1));
        v4[6] = 4;
        assertTrue(problem(v4).contains("version 4.0"));
        byte[] huge = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).put(NpyHeader.MAGIC).put((byte) 2)
                .put((byte) 0).putInt(Integer.MAX_VALUE).array();
        assertTrue(problem(huge).contains("over the 1048576 bytes"), problem(huge));
        byte[] cut = NpyTestFiles.header(NpyTestFiles.dict("<f4", 1));
        assertTrue(problem(java.util.Arrays.copyOf(cut, 40)).contains("ends inside the 118-byte header"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'shape': (1,), }")).contains("no 'fortran_order'"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1, }"))
                .contains("malformed header dict"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': '', }"))
                .contains("unexpected keys [x]"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,)}"))
                .contains("twice"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"))
                .contains("Fortran order"));
        assertTrue(problem(NpyTestFiles.header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"))
                .contains("structured"));
        assertTrue(problem(NpyTestFiles.header(NpyTestFiles.dict("<c8", 1))).contains("unsupported dtype '<c8'"));
        assertTrue(problem(NpyTestFiles.header(NpyTestFiles.dict("<U3", 1))).contains("unsupported dtype '<U3'"));
        assertTrue(problem(NpyTestFiles.header(NpyTestFiles.dict("|O", 1))).contains("unsupported dtype '|O'"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }"))
                .contains("non-negative integer"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }"))
                .contains("too large"));
        assertTrue(problem(NpyTestFiles.header(NpyTestFiles.dict("<f8", 4294967296L, 4294967296L)))
                .contains("overflows"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,) } x"))
                .contains("the end of the header"));
        assertTrue(problem(NpyTestFiles.header("{'descr': '<f4, 'fortran_order': False")).contains("malformed"));
    }
}
