package keras1j.spark;

import java.util.Arrays;
import java.util.List;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import keras1j.errors.InvalidInputException;
import keras1j.spark.ModelLayout.Port;

/**
 * The data layout rules: which columns a model needs and appends, and the copy of one column value
 * into a batch. Stateless and thread-safe.
 */
final class Columns {
    private static final String ACCEPTED = "array<float> or array<double> (integer arrays for ids)";

    private Columns() {
    }

    /**
     * The schema of the scored data: {@code input} with one {@code array<float>} column per model output
     * appended.
     *
     * @throws InvalidInputException when an input column is missing or of another type, or an output
     *                               column already exists; the message names the column, the model
     *                               input and the expected length
     */
    static StructType outputSchema(StructType input, ModelLayout layout) {
        List<String> names = Arrays.asList(input.fieldNames());
        for (Port in : layout.inputs()) {
            int i = names.indexOf(in.name());
            if (i < 0) {
                throw new InvalidInputException("no column '" + in.name() + "' for model input '" + in.name()
                        + "': expected " + ACCEPTED + " of " + in.size() + " values per row (sample shape "
                        + in.sampleShape() + ", flattened in Keras order); the data has columns " + names);
            }
            DataType type = input.fields()[i].dataType();
            if (!(type instanceof ArrayType a) || !accepted(a.elementType())) {
                throw new InvalidInputException("column '" + in.name() + "' is " + type.simpleString()
                        + ", model input '" + in.name() + "' needs " + ACCEPTED + " of " + in.size()
                        + " values per row (sample shape " + in.sampleShape() + ")");
            }
        }
        StructType out = input;
        for (Port o : layout.outputs()) {
            if (names.contains(o.name())) {
                throw new InvalidInputException("column '" + o.name() + "' already exists: model output '" + o.name()
                        + "' is appended under that name; rename or drop the column first");
            }
            out = out.add(new StructField(o.name(), DataTypes.createArrayType(DataTypes.FloatType, false), false,
                    org.apache.spark.sql.types.Metadata.empty()));
        }
        return out;
    }

    private static boolean accepted(DataType t) {
        return t instanceof FloatType || t instanceof DoubleType || t instanceof IntegerType || t instanceof LongType
                || t instanceof ShortType || t instanceof ByteType;
    }

    /**
     * Copies one row's value of {@code port}'s column into {@code dst} at {@code offset}.
     *
     * @throws InvalidInputException for a null value, a null element or a wrong length, naming the
     *                               column, the model input and the expected length
     */
    static void copy(Object value, Port port, float[] dst, int offset) {
        int n = port.size();
        if (value == null) {
            throw new InvalidInputException("column '" + port.name() + "' is null in a row; model input '"
                    + port.name() + "' expects " + n + " values (sample shape " + port.sampleShape() + ")");
        }
        if (value instanceof scala.collection.mutable.ArraySeq.ofRef<?> s) {
            // what Spark's row decoder gives for every array column: boxed elements in an Object[]
            Object[] a = s.array();
            checkLength(a.length, port);
            for (int i = 0; i < n; i++) {
                dst[offset + i] = a[i] instanceof Float f ? f : element(a[i], port, i);
            }
        } else if (value instanceof scala.collection.immutable.ArraySeq.ofFloat s) {
            float[] a = s.unsafeArray();
            checkLength(a.length, port);
            System.arraycopy(a, 0, dst, offset, n);
        } else if (value instanceof scala.collection.mutable.ArraySeq.ofFloat s) {
            float[] a = s.array();
            checkLength(a.length, port);
            System.arraycopy(a, 0, dst, offset, n);
        } else if (value instanceof scala.collection.immutable.ArraySeq.ofDouble s) {
            copyDoubles(s.unsafeArray(), port, dst, offset);
        } else if (value instanceof scala.collection.mutable.ArraySeq.ofDouble s) {
            copyDoubles(s.array(), port, dst, offset);
        } else if (value instanceof float[] a) {
            checkLength(a.length, port);
            System.arraycopy(a, 0, dst, offset, n);
        } else if (value instanceof double[] a) {
            copyDoubles(a, port, dst, offset);
        } else if (value instanceof scala.collection.Seq<?> s) {
            checkLength(s.length(), port);
            scala.collection.Iterator<?> it = s.iterator();
            for (int i = 0; i < n; i++) {
                dst[offset + i] = element(it.next(), port, i);
            }
        } else if (value instanceof List<?> l) {
            checkLength(l.size(), port);
            for (int i = 0; i < n; i++) {
                dst[offset + i] = element(l.get(i), port, i);
            }
        } else {
            throw new InvalidInputException("column '" + port.name() + "' holds a " + value.getClass().getName()
                    + "; model input '" + port.name() + "' needs " + ACCEPTED);
        }
    }

    private static void copyDoubles(double[] a, Port port, float[] dst, int offset) {
        checkLength(a.length, port);
        for (int i = 0; i < a.length; i++) {
            dst[offset + i] = (float) a[i];
        }
    }

    private static float element(Object v, Port port, int index) {
        if (v instanceof Number num) {
            return num.floatValue();
        }
        throw new InvalidInputException("column '" + port.name() + "' has " + (v == null ? "a null" : "a non-numeric")
                + " element at index " + index + " in a row; model input '" + port.name() + "' expects "
                + port.size() + " numbers");
    }

    private static void checkLength(int length, Port port) {
        if (length != port.size()) {
            throw new InvalidInputException("column '" + port.name() + "' holds " + length
                    + " values in a row, model input '" + port.name() + "' expects " + port.size()
                    + " (sample shape " + port.sampleShape() + ", flattened in Keras order)");
        }
    }
}
