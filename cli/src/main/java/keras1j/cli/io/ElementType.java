package keras1j.cli.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A numeric element type of an input file (a NumPy dtype, or an HDF5 float or integer type) and its
 * conversion to float32, the engine's only element type.
 *
 * <p>Integers (e.g. Embedding ids) are converted exactly: a value whose magnitude exceeds 2^24 has no
 * exact float32 and is refused rather than rounded, since rounding an id would silently pick another
 * embedding row. float64 values are rounded to the nearest float32, as Keras' own
 * {@code floatX=float32} backends do.
 *
 * <p>Immutable; thread-safe.
 */
enum ElementType {
    BOOL('b', 1, "bool"),
    INT8('i', 1, "int8"),
    UINT8('u', 1, "uint8"),
    INT16('i', 2, "int16"),
    UINT16('u', 2, "uint16"),
    INT32('i', 4, "int32"),
    UINT32('u', 4, "uint32"),
    INT64('i', 8, "int64"),
    UINT64('u', 8, "uint64"),
    FLOAT32('f', 4, "float32"),
    FLOAT64('f', 8, "float64");

    /** The largest integer magnitude that float32 holds exactly. */
    static final long MAX_EXACT_INT = 1L << 24;

    private final char kind;
    private final int size;
    private final String numpyName;

    ElementType(char kind, int size, String numpyName) {
        this.kind = kind;
        this.size = size;
        this.numpyName = numpyName;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** NumPy's kind character and size, e.g. {@code f4}. */
    String kindAndSize() {
        return kind + Integer.toString(size);
    }

    /** NumPy's name, e.g. {@code float32}. */
    String numpyName() {
        return numpyName;
    }

    /** The element type of a NumPy kind character and byte size, or null if not supported. */
    static ElementType of(char kind, int size) {
        for (ElementType t : values()) {
            if (t.kind == kind && t.size == size) {
                return t;
            }
        }
        return null;
    }

    /** A value that cannot be converted; the caller adds file, input and position. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long index;

        Problem(String message, long index) {
            super(message, null, false, false);
            this.index = index;
        }

        /** Index of the offending element within the decoded run. */
        long index() {
            return index;
        }
    }

    /**
     * Decodes {@code count} elements from {@code in} (read from its position, in {@code order}) into
     * {@code out[offset..offset+count)}.
     *
     * @throws Problem if an integer is not exactly representable in float32 or a bool byte is not 0/1
     */
    void decode(ByteBuffer in, ByteOrder order, float[] out, int offset, int count) {
        ByteBuffer b = in.order(order);
        switch (this) {
            case FLOAT32 -> b.asFloatBuffer().get(out, offset, count);
            case FLOAT64 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = (float) b.getDouble(p + 8 * i);
                }
            }
            case BOOL -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    byte v = b.get(p + i);
                    if (v != 0 && v != 1) {
                        throw new Problem("bool element holds byte " + v, i);
                    }
                    out[offset + i] = v;
                }
            }
            case INT8 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = b.get(p + i);
                }
            }
            case UINT8 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = b.get(p + i) & 0xff;
                }
            }
            case INT16 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = b.getShort(p + 2 * i);
                }
            }
            case UINT16 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = b.getShort(p + 2 * i) & 0xffff;
                }
            }
            case INT32 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = exact(b.getInt(p + 4 * i), i);
                }
            }
            case UINT32 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = exact(b.getInt(p + 4 * i) & 0xffffffffL, i);
                }
            }
            case INT64 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    out[offset + i] = exact(b.getLong(p + 8 * i), i);
                }
            }
            case UINT64 -> {
                int p = b.position();
                for (int i = 0; i < count; i++) {
                    long v = b.getLong(p + 8 * i);
                    if (v < 0) {
                        throw new Problem("uint64 value " + Long.toUnsignedString(v)
                                + " has no exact float32 (|value| > 2^24)", i);
                    }
                    out[offset + i] = exact(v, i);
                }
            }
            default -> throw new IllegalStateException(name());
        }
        b.position(b.position() + count * size);
    }

    private static float exact(long v, int index) {
        if (v > MAX_EXACT_INT || v < -MAX_EXACT_INT) {
            throw new Problem("integer value " + v + " has no exact float32 (|value| > 2^24)", index);
        }
        return v;
    }
}
