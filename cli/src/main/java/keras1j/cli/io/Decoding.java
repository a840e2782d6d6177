package keras1j.cli.io;

import keras1j.errors.InvalidInputException;

/** Turns a value conversion problem into an error naming the array and the sample. Stateless. */
final class Decoding {
    private Decoding() {
    }

    /** The error for {@code problem} in a slice starting at row {@code firstRow}. */
    static InvalidInputException error(String where, long firstRow, int sampleSize, ElementType.Problem problem) {
        long row = firstRow + (sampleSize == 0 ? 0 : problem.index() / sampleSize);
        return new InvalidInputException(where + ": sample " + row + ": " + problem.getMessage(), problem);
    }
}
