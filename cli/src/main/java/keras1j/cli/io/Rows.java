package keras1j.cli.io;

import java.util.Arrays;

import keras1j.errors.InvalidInputException;

/** Size arithmetic shared by the readers and writers, with overflow checks. Stateless; thread-safe. */
final class Rows {
    /** Largest Java array we allocate for one slice (a little under {@code Integer.MAX_VALUE}). */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    private Rows() {
    }

    /**
     * The sample shape of an array shape: every axis after the first, as ints.
     *
     * @throws InvalidInputException naming {@code where} if the array has no batch axis or an axis is
     *                               too large for the engine
     */
    static int[] sampleShape(long[] shape, String where) {
        if (shape.length < 1) {
            throw new InvalidInputException(where + ": is a scalar, expected an array with a sample axis first");
        }
        int[] sample = new int[shape.length - 1];
        long size = 1;
        for (int i = 1; i < shape.length; i++) {
            if (shape[i] > MAX_ARRAY) {
                throw new InvalidInputException(where + ": axis " + i + " of shape " + Arrays.toString(shape)
                        + " is too large");
            }
            sample[i - 1] = (int) shape[i];
            size *= shape[i];
            if (size > MAX_ARRAY) {
                throw new InvalidInputException(where + ": one sample of shape " + Arrays.toString(shape)
                        + " has too many elements for a Java array");
            }
        }
        return sample;
    }

    /** Elements of one sample (fits an int by {@link #sampleShape}). */
    static int sampleSize(int[] sample) {
        long n = 1;
        for (int d : sample) {
            n *= d;
        }
        return (int) n;
    }

    /**
     * {@code count * perRow}, checked to fit one Java array.
     *
     * @throws InvalidInputException naming {@code where} if a slice of {@code count} rows is too large
     */
    static int slice(long count, long perRow, String where) {
        long n = count * perRow;
        if (count != 0 && (n / count != perRow || n > MAX_ARRAY)) {
            throw new InvalidInputException(where + ": a batch of " + count + " samples of " + perRow
                    + " elements/bytes each does not fit one Java array; use a smaller --batch-size");
        }
        return (int) n;
    }
}
