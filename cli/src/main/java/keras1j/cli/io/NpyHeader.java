package keras1j.cli.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0): element type, byte
 * order and shape, and where the C-ordered data starts.
 *
 * <p>Why not {@code org.jetbrains.bio:npy} (the maintained JVM reader/writer on Maven Central, version
 * 0.3.5): it reads and writes whole arrays only (its header type is internal, and reading returns
 * one Java array of the full file), so it cannot read an input by slices or write an output batch by
 * batch, which streaming needs; it also pulls in the Kotlin standard library. The format itself is
 * small: a magic string, a version, a little-endian header length and a Python dict literal
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }} padded with spaces to a
 * multiple of 64 bytes and ended by a newline. This class parses that dict strictly (exactly these
 * three keys; string, boolean and tuple values; Python 2's {@code 3L} integers), bounds the header
 * length, and checks the shape's element and byte counts for overflow.
 *
 * <p>Every parsing failure is a {@link Problem} carrying only the reason; callers add the file name.
 * Instances are immutable and thread-safe.
 *
 * @param type       the element type
 * @param order      the byte order of multi-byte elements
 * @param shape      the array shape (a copy is kept)
 * @param dataOffset bytes from the start of the array's file or entry to its first element
 */
record NpyHeader(ElementType type, ByteOrder order, long[] shape, long dataOffset) {
    /** {@code \x93NUMPY}. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /**
     * Upper bound of the header dict's length accepted when reading. NumPy itself refuses headers
     * over 10,000 bytes by default; a damaged length field must not make us allocate gigabytes.
     */
    static final int MAX_HEADER_LENGTH = 1 << 20;
    /** Alignment of the data start that NumPy writes (and we write). */
    static final int ALIGNMENT = 64;

    NpyHeader {
        shape = shape.clone();
    }

    /** A header problem; the caller names the file. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (the product of the shape; 1 for a scalar). */
    long elementCount() {
        return elementCount(shape);
    }

    /** Bytes of data the header announces. */
    long dataBytes() {
        try {
            return Math.multiplyExact(elementCount(), (long) type.size());
        } catch (ArithmeticException e) {
            throw new Problem("shape " + Arrays.toString(shape) + " of " + type.numpyName() + " overflows 64-bit sizes");
        }
    }

    /** The {@code descr} string, e.g. {@code <f4}. */
    String descr() {
        char o = type.size() == 1 ? '|' : order == ByteOrder.BIG_ENDIAN ? '>' : '<';
        return o + type.kindAndSize();
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new Problem("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new Problem("shape " + Arrays.toString(shape) + " overflows 64-bit element counts");
            }
        }
        return n;
    }

    /**
     * Reads a header from the start of {@code in}, leaving the stream at the first data byte.
     *
     * @throws Problem      if the bytes are not a supported {@code .npy} header
     * @throws IOException  on a read failure; a stream that ends inside the header is a {@link Problem}
     */
    static NpyHeader read(InputStream in) throws IOException {
        byte[] prefix = readFully(in, MAGIC.length + 2, "the magic string and version");
        if (!Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
            throw new Problem("not a NumPy .npy array (no \\x93NUMPY magic string at its start)");
        }
        int major = prefix[6] & 0xff;
        int minor = prefix[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3) {
            throw new Problem("unsupported .npy format version " + major + "." + minor + " (1.0, 2.0 and 3.0 are read)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        ByteBuffer len = ByteBuffer.wrap(readFully(in, lengthBytes, "the header length")).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? len.getShort() & 0xffff : len.getInt() & 0xffffffffL;
        if (headerLength > MAX_HEADER_LENGTH) {
            throw new Problem("header length " + headerLength + " is over the " + MAX_HEADER_LENGTH
                    + " bytes accepted (damaged file?)");
        }
        byte[] dict = readFully(in, (int) headerLength, "the " + headerLength + "-byte header");
        // versions 1 and 2 are latin-1, version 3 is UTF-8; the dict itself is ASCII
        String text = new String(dict, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(text, MAGIC.length + 2 + lengthBytes + headerLength);
    }

    /** Parses the header dict text; {@code dataOffset} is where the data starts. */
    static NpyHeader parse(String text, long dataOffset) {
        Map<String, Object> dict = new DictParser(text).parse();
        for (String key : List.of("descr", "fortran_order", "shape")) {
            if (!dict.containsKey(key)) {
                throw new Problem("header has no '" + key + "' key: " + abbreviate(text));
            }
        }
        if (dict.size() != 3) {
            List<String> extra = new ArrayList<>(dict.keySet());
            extra.removeAll(List.of("descr", "fortran_order", "shape"));
            throw new Problem("header has unexpected keys " + extra + ": " + abbreviate(text));
        }
        if (!(dict.get("descr") instanceof String descr)) {
            throw new Problem("header 'descr' is not a simple dtype string (structured arrays are not supported): "
                    + abbreviate(text));
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran)) {
            throw new Problem("header 'fortran_order' is not True or False: " + abbreviate(text));
        }
        if (fortran) {
            throw new Problem("array is stored in Fortran order (fortran_order=True); save it in C order, e.g."
                    + " np.save(path, np.ascontiguousarray(x))");
        }
        if (!(dict.get("shape") instanceof long[] shape)) {
            throw new Problem("header 'shape' is not a tuple of integers: " + abbreviate(text));
        }
        ElementType type;
        ByteOrder order;
        if (descr.length() < 3) {
            throw new Problem("unsupported dtype '" + descr + "'");
        }
        char o = descr.charAt(0);
        order = switch (o) {
            case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> ByteOrder.nativeOrder();
            default -> throw new Problem("unsupported dtype '" + descr + "' (no byte order character)");
        };
        int size;
        try {
            size = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            throw new Problem("unsupported dtype '" + descr + "'");
        }
        type = ElementType.of(descr.charAt(1), size);
        if (type == null) {
            throw new Problem("unsupported dtype '" + descr + "' (supported: float32, float64, integers of 1 to 8"
                    + " bytes, bool)");
        }
        NpyHeader header = new NpyHeader(type, order, shape, dataOffset);
        header.dataBytes(); // overflow check
        return header;
    }

    /**
     * The bytes of a version 1.0 header (2.0 when the dict does not fit 65,535 bytes) for a C-ordered
     * array of {@code shape} with this header's element type and order, padded so that the data
     * starts at a multiple of 64 bytes, as NumPy writes it.
     */
    static byte[] encode(ElementType type, ByteOrder order, long[] shape) {
        elementCount(shape);
        StringBuilder dict = new StringBuilder("{'descr': '");
        dict.append(new NpyHeader(type, order, shape, 0).descr()).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        dict.append("), }");
        for (int major = 1; major <= 2; major++) {
            int prefix = MAGIC.length + 2 + (major == 1 ? 2 : 4);
            int unpadded = prefix + dict.length() + 1;
            int total = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
            int headerLength = total - prefix;
            if (major == 1 && headerLength > 0xffff) {
                continue;
            }
            ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC).put((byte) major).put((byte) 0);
            if (major == 1) {
                b.putShort((short) headerLength);
            } else {
                b.putInt(headerLength);
            }
            b.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
            while (b.position() < total - 1) {
                b.put((byte) ' ');
            }
            b.put((byte) '\n');
            return b.array();
        }
        throw new Problem("shape " + Arrays.toString(shape) + " gives a header too long to write");
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new Problem("ends inside " + what + " (" + b.length + " of " + n + " bytes): truncated or not a .npy");
        }
        return b;
    }

    private static String abbreviate(String text) {
        String t = text.strip();
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }

    /**
     * A strict parser of the Python dict literal of a header: string keys; values that are strings,
     * {@code True}/{@code False} or tuples of non-negative integers. Anything else is a
     * {@link Problem} (lists, as in structured dtypes, are reported as such).
     */
    private static final class DictParser {
        private final String s;
        private int i;

        DictParser(String s) {
            this.s = s;
        }

        Map<String, Object> parse() {
            skipSpace();
            expect('{');
            Map<String, Object> map = new LinkedHashMap<>();
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    i++;
                    break;
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object value = value();
                if (map.put(key, value) != null) {
                    throw new Problem("header has key '" + key + "' twice");
                }
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != '}') {
                    throw fail("',' or '}'");
                }
            }
            skipSpace();
            if (i != s.length()) {
                throw fail("the end of the header");
            }
            return map;
        }

        private Object value() {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            }
            if (s.startsWith("True", i)) {
                i += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return Boolean.FALSE;
            }
            if (c == '(') {
                return tuple();
            }
            if (c == '[') {
                skipList(); // a structured dtype's field list: reported by the caller
                return List.of();
            }
            throw fail("a string, True, False or a tuple");
        }

        /** Skips a bracketed list, nested brackets and quoted strings included. */
        private void skipList() {
            int depth = 0;
            do {
                char c = peek();
                if (c == '\'' || c == '"') {
                    string();
                    continue;
                }
                if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    depth--;
                }
                i++;
            } while (depth > 0);
        }

        private long[] tuple() {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (true) {
                skipSpace();
                if (peek() == ')') {
                    i++;
                    break;
                }
                dims.add(integer());
                skipSpace();
                if (peek() == ',') {
                    i++;
                } else if (peek() != ')') {
                    throw fail("',' or ')' in the shape");
                }
            }
            return dims.stream().mapToLong(Long::longValue).toArray();
        }

        private long integer() {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (start == i) {
                throw fail("a non-negative integer in the shape");
            }
            String digits = s.substring(start, i);
            if (i < s.length() && s.charAt(i) == 'L') {
                i++; // Python 2 long
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw new Problem("shape dimension " + digits + " is too large");
            }
        }

        private String string() {
            char q = peek();
            if (q != '\'' && q != '"') {
                throw fail("a quoted string");
            }
            int end = s.indexOf(q, i + 1);
            if (end < 0) {
                throw fail("the closing quote");
            }
            String v = s.substring(i + 1, end);
            i = end + 1;
            return v;
        }

        private void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private char peek() {
            if (i >= s.length()) {
                throw fail("more text");
            }
            return s.charAt(i);
        }

        private void expect(char c) {
            if (peek() != c) {
                throw fail("'" + c + "'");
            }
            i++;
        }

        private Problem fail(String expected) {
            return new Problem("malformed header dict: expected " + expected + " at character " + i + " of "
                    + abbreviate(s));
        }
    }
}
