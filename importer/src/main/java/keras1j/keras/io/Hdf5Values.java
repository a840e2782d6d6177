package keras1j.keras.io;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * Conversions from jhdf values to keras1j values: datasets of any numeric type to float32
 * {@link Tensor}s, string attributes (fixed-length NULL-padded or variable-length) to Java strings.
 * A value that cannot be converted throws {@link Problem}, which carries only the reason: the
 * caller ({@link Hdf5Reading}) rethrows it with the file and object name.
 *
 * <p>Stateless; thread-safe.
 */
final class Hdf5Values {
    private Hdf5Values() {
    }

    /** Why a value could not be converted; the caller adds the file and object name. */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads a whole dataset as a float32 tensor with the dataset's shape: floats of any width
     * (including float16), signed and unsigned integers; a scalar dataset gives a rank-0 tensor, a
     * dataset with a zero dimension an empty tensor.
     *
     * @throws Problem if the dataset is not numeric or too large for a Java array
     */
    static Tensor tensor(Dataset dataset) {
        int[] shape = numericShape(dataset);
        return Tensor.of(values(dataset, shape), shape);
    }

    /**
     * The shape of a numeric dataset, from its header only (no data is read).
     *
     * @throws Problem if the dataset is not numeric or too large for a Java array
     */
    static int[] numericShape(Dataset dataset) {
        int[] shape = shape(dataset.getDimensionsAsLong());
        long count = Tensor.elementCount(shape);
        if (count > Integer.MAX_VALUE - 8) {
            throw new Problem("dataset of shape " + Arrays.toString(shape) + " is too large");
        }
        if (count == 0) {
            return shape;
        }
        Class<?> type = dataset.getJavaType();
        if (type == String.class || dataset.isCompound()) {
            throw new Problem("expected a numeric dataset, got " + (dataset.isCompound() ? "a compound" : "a string")
                    + " dataset");
        }
        return shape;
    }

    /**
     * The values of a numeric dataset of {@code shape} (from {@link #numericShape}) as float32, read
     * in one bulk conversion of the dataset's buffer (jhdf maps a contiguous dataset's bytes).
     *
     * @throws Problem if the dataset holds another number of values
     */
    static float[] values(Dataset dataset, int[] shape) {
        long count = Tensor.elementCount(shape);
        if (count == 0) {
            return new float[0];
        }
        // the floats kept, and, while reading a chunked (possibly compressed) dataset, its raw values: jhdf
        // decompresses them whole on the heap; a contiguous dataset's bytes are memory-mapped instead
        String what = "dataset '" + dataset.getPath() + "' of shape " + Arrays.toString(shape);
        MemoryBudget.take(4L * count, what);
        long raw = dataset instanceof io.jhdf.api.dataset.ContiguousDataset ? 0
                : Math.max(0, dataset.getDataType().getSize()) * count;
        MemoryBudget.current().require(raw + 4L * count, what);
        float[] data = floats(dataset.getDataFlat());
        if (data.length != count) {
            throw new Problem("dataset of shape " + Arrays.toString(shape) + " holds " + data.length + " values");
        }
        return data;
    }

    private static int[] shape(long[] dims) {
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new Problem("unsupported dataset dimensions " + Arrays.toString(dims));
            }
            shape[i] = (int) dims[i];
        }
        return shape;
    }

    /** Converts a flat primitive or {@link Number} array (or a single number) to float32. */
    static float[] floats(Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        if (flat instanceof Number n) {
            return new float[] {n.floatValue()};
        }
        if (flat == null || !flat.getClass().isArray()) {
            throw new Problem("expected numeric data, got "
                    + (flat == null ? "nothing" : flat.getClass().getSimpleName()));
        }
        int n = Array.getLength(flat);
        float[] out = new float[n];
        if (flat instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                out[i] = (float) d[i];
            }
        } else if (flat instanceof long[] l) {
            for (int i = 0; i < n; i++) {
                out[i] = l[i];
            }
        } else if (flat instanceof int[] a) {
            for (int i = 0; i < n; i++) {
                out[i] = a[i];
            }
        } else if (flat instanceof short[] s) {
            for (int i = 0; i < n; i++) {
                out[i] = s[i];
            }
        } else if (flat instanceof byte[] b) {
            for (int i = 0; i < n; i++) {
                out[i] = b[i];
            }
        } else if (flat instanceof Object[] objects) {
            for (int i = 0; i < n; i++) {
                if (!(objects[i] instanceof Number number)) {
                    throw new Problem("expected numeric data, got "
                            + (objects[i] == null ? "null" : objects[i].getClass().getSimpleName()) + " values");
                }
                out[i] = number.floatValue();
            }
        } else {
            throw new Problem("expected numeric data, got " + flat.getClass().getComponentType() + " values");
        }
        return out;
    }

    /** A string attribute of {@code node} (scalar, or an array of one string), if present. */
    static Optional<String> stringAttribute(Node node, String name) {
        Attribute attribute = node.getAttribute(name);
        if (attribute == null) {
            return Optional.empty();
        }
        List<String> values = strings(attribute, name);
        if (values.size() != 1) {
            throw new Problem("attribute '" + name + "' expected one string, got " + values.size());
        }
        return Optional.of(values.get(0));
    }

    /** The value of a string attribute holding one string (scalar or one-element array); else empty. */
    static Optional<String> singleString(Attribute attribute) {
        if (attribute.isEmpty() || attribute.getSize() != 1) {
            return Optional.empty();
        }
        Object data = attribute.getData();
        if (data instanceof String s) {
            return Optional.of(stripNuls(s));
        }
        if (data instanceof String[] array && array.length == 1) {
            return Optional.of(stripNuls(array[0]));
        }
        return Optional.empty();
    }

    /**
     * The strings of an attribute: a string scalar gives one, a string array its elements in order,
     * and an empty array of any type (h5py writes an empty list as an empty float64 array) none.
     * Trailing NULs of fixed-length strings are removed.
     */
    static List<String> strings(Attribute attribute, String name) {
        if (attribute.isEmpty() || attribute.getSize() == 0) {
            return List.of();
        }
        Object data = attribute.getData();
        List<String> out = new ArrayList<>();
        collectStrings(data, name, out);
        return List.copyOf(out);
    }

    private static void collectStrings(Object data, String name, List<String> out) {
        if (data instanceof String s) {
            out.add(stripNuls(s));
        } else if (data instanceof Object[] array) {
            for (Object element : array) {
                collectStrings(element, name, out);
            }
        } else {
            throw new Problem("attribute '" + name + "' expected strings, got "
                    + (data == null ? "nothing" : describeType(data)));
        }
    }

    private static String describeType(Object data) {
        Class<?> type = data.getClass();
        return type.isArray() ? type.getComponentType().getSimpleName() + " values" : type.getSimpleName();
    }

    private static String stripNuls(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\0') {
            end--;
        }
        return s.substring(0, end);
    }
}
