package keras1j.cli.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes NumPy files for tests, including malformed ones, without NumPy. */
final class NpyTestFiles {
    private NpyTestFiles() {
    }

    /** A version 1.0 header around {@code dict} (padded to 64 bytes), as NumPy writes it. */
    static byte[] header(String dict) {
        int prefix = 10;
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(NpyHeader.MAGIC).put((byte) 1).put((byte) 0).putShort((short) (total - prefix));
        b.put(dict.getBytes(StandardCharsets.US_ASCII));
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    static String dict(String descr, long... shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + s + "), }";
    }

    /** {@code values} encoded as {@code type} in {@code order}. */
    static byte[] encode(float[] values, ElementType type, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(values.length * type.size()).order(order);
        for (float v : values) {
            switch (type) {
                case FLOAT32 -> b.putFloat(v);
                case FLOAT64 -> b.putDouble(v);
                case INT32, UINT32 -> b.putInt((int) v);
                case INT64, UINT64 -> b.putLong((long) v);
                case INT16, UINT16 -> b.putShort((short) v);
                case INT8, UINT8, BOOL -> b.put((byte) v);
                default -> throw new IllegalArgumentException(type.name());
            }
        }
        return b.array();
    }

    /** A {@code .npy} of {@code values} with {@code shape}, as {@code descr} (e.g. {@code >f8}). */
    static byte[] npy(String descr, float[] values, long... shape) {
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ElementType type = ElementType.of(descr.charAt(1), Integer.parseInt(descr.substring(2)));
        return concat(header(dict(descr, shape)), encode(values, type, order));
    }

    static Path write(Path file, byte[]... parts) throws IOException {
        Files.write(file, concat(parts));
        return file;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    /** A {@code .npz} with the given entries (names without {@code .npy}), stored or deflated. */
    static Path npz(Path file, Map<String, byte[]> entries, boolean deflate) throws IOException {
        try (OutputStream os = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                if (!deflate) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    /** Reads a whole array of a prediction file back, as float32 with its shape. */
    static keras1j.runtime.tensor.Tensor readAll(RowReader r) {
        int[] shape = InputFile.withBatch(r.rows(), r.sampleShape());
        return keras1j.runtime.tensor.Tensor.of(r.next((int) r.rows()), shape);
    }
}
