package keras1j.runtime.ir;

import keras1j.errors.ShapeException;

/**
 * Checked arithmetic for sizes: every shape computation (IR shape inference and the importer's
 * layer rules) goes through here, so that a size that overflows {@code int} or turns negative is a
 * {@link ShapeException} naming where ({@code where}: the op or layer) and the field, never a
 * wrapped-around size. Stateless.
 */
public final class Dims {
    private Dims() {
    }

    /**
     * {@code value} as a size: {@code 0 <= value <= Integer.MAX_VALUE}.
     *
     * @throws ShapeException naming {@code where} and {@code field} otherwise
     */
    public static int size(long value, String where, String field) {
        if (value < 0) {
            throw new ShapeException(where + ": " + field + " is negative (" + value + ")");
        }
        if (value > Integer.MAX_VALUE) {
            throw new ShapeException(where + ": " + field + " is " + value + ", beyond the largest supported size "
                    + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    /** {@code a + b + ...} as a size (see {@link #size}); the terms are exact in {@code long}. */
    public static int add(String where, String field, long... terms) {
        long sum = 0;
        for (long t : terms) {
            sum = addExact(sum, t, where, field);
        }
        return size(sum, where, field);
    }

    /** {@code a * b} as a size (see {@link #size}). */
    public static int mul(String where, String field, long a, long b) {
        return size(mulExact(a, b, where, field), where, field);
    }

    /**
     * The product of {@code dims} as a {@code long} element count (any value that fits a long).
     *
     * @throws ShapeException if a dimension is negative or the product overflows a long
     */
    public static long product(String where, String field, int... dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new ShapeException(where + ": " + field + " has a negative dimension " + d);
            }
            n = mulExact(n, d, where, field);
        }
        return n;
    }

    /**
     * Output length of a sliding window: {@code floor((n + padBegin + padEnd - ((kernel-1)*dilation+1)) / stride) + 1},
     * computed without overflow.
     *
     * @throws ShapeException if a term is out of range, a size overflows, or no window fits
     */
    public static int windowOutput(String where, String field, long n, long kernel, long stride, long dilation,
            long padBegin, long padEnd) {
        if (kernel < 1 || stride < 1 || dilation < 1 || padBegin < 0 || padEnd < 0 || n < 0) {
            throw new ShapeException(where + ": " + field + ": invalid window (size " + n + ", kernel " + kernel
                    + ", stride " + stride + ", dilation " + dilation + ", pads " + padBegin + "/" + padEnd + ")");
        }
        long effective = addExact(mulExact(kernel - 1, dilation, where, field + " (dilated kernel)"), 1, where, field);
        long padded = addExact(addExact(n, padBegin, where, field), padEnd, where, field);
        if (padded < effective) {
            throw new ShapeException(where + ": " + field + ": padded size " + padded + " is smaller than the window "
                    + effective);
        }
        return size((padded - effective) / stride + 1, where, field);
    }

    private static long addExact(long a, long b, String where, String field) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new ShapeException(where + ": " + field + " overflows (" + a + " + " + b + ")");
        }
    }

    private static long mulExact(long a, long b, String where, String field) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new ShapeException(where + ": " + field + " overflows (" + a + " * " + b + ")");
        }
    }
}
