package keras1j.cli.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import keras1j.errors.InvalidInputException;

/**
 * What every {@link RowReader} shares: the array's name, place and shape, the position of the next
 * row, the checks of each slice and the error that names the sample a value could not be converted
 * in. A subclass reads the bytes or values of a row range of its file.
 *
 * <p>Not thread-safe (see {@link RowReader}).
 */
abstract class SlicedRowReader implements RowReader {
    private final String where;
    private final String name;
    private final int[] sample;
    private final String typeName;
    /** Elements of one row. */
    final int sampleSize;
    /** Number of rows. */
    final long rows;
    private long next;

    /**
     * @param where the array's place, for messages
     * @param name  the array's name
     * @param shape the array's shape, rows first
     * @param typeName the stored element type's NumPy name
     * @throws InvalidInputException naming {@code where} if the shape has no row axis or a row is too large
     */
    SlicedRowReader(String where, String name, long[] shape, String typeName) {
        this.where = where;
        this.name = name;
        this.typeName = typeName;
        this.sample = Rows.sampleShape(shape, where);
        this.sampleSize = Rows.sampleSize(sample);
        this.rows = shape[0];
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String where() {
        return where;
    }

    @Override
    public final long rows() {
        return rows;
    }

    @Override
    public final int[] sampleShape() {
        return sample.clone();
    }

    @Override
    public final String typeName() {
        return typeName;
    }

    @Override
    public final float[] next(int count) {
        if (count < 0 || next + count > rows) {
            throw new IllegalArgumentException("rows " + next + "+" + count + " outside " + rows);
        }
        int elements = Rows.slice(count, sampleSize, where);
        float[] out;
        try {
            out = read(next, count, elements);
        } catch (ElementType.Problem e) {
            long row = next + (sampleSize == 0 ? 0 : e.index() / sampleSize);
            throw new InvalidInputException(where + ": sample " + row + ": " + e.getMessage(), e);
        }
        next += count;
        return out;
    }

    /**
     * Reads rows {@code first} to {@code first + count - 1} ({@code elements} values), row-major
     * float32.
     *
     * @throws ElementType.Problem if a value has no float32 (reported naming its sample)
     */
    abstract float[] read(long first, int count, int elements);

    /** The {@code elements} values of {@code type} in {@code order} that {@code bytes} holds from its position. */
    static float[] decode(ElementType type, ByteOrder order, ByteBuffer bytes, int elements) {
        float[] out = new float[elements];
        type.decode(bytes, order, out, 0, elements);
        return out;
    }
}
