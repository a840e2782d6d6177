package keras1j.cli.io;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import io.jhdf.object.message.DataLayout;
import io.jhdf.storage.HdfBackingStorage;
import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;

/**
 * Reads one HDF5 dataset by slices of rows (hyperslabs along axis 0) through jhdf 0.13:
 * <ul>
 * <li>contiguous datasets of float32/float64 or 1- to 8-byte integers: one positional read of the
 *     slice's bytes (a row range of a C-ordered contiguous dataset is one byte range);</li>
 * <li>chunked datasets (and contiguous ones of other types, e.g. float16): jhdf's
 *     {@link Dataset#getData(long[], int[])}, which reads only the chunks the slice overlaps;</li>
 * <li>compact datasets (at most 64 KiB, stored in the object header; jhdf cannot slice them): read
 *     whole once.</li>
 * </ul>
 * Only the current slice is in memory (for compact datasets, the small dataset).
 *
 * <p>Not thread-safe (see {@link RowReader}); jhdf's file is shared by the readers of one
 * {@link InputFile}, which use it from one thread.
 */
final class Hdf5RowReader extends SlicedRowReader {
    private final Dataset dataset;
    private final HdfBackingStorage storage;
    private final long[] shape;
    private final int[] sample;
    /** Non-null when rows are read as raw bytes of a contiguous dataset. */
    private final ElementType rawType;
    private final java.nio.ByteOrder rawOrder;
    private float[] compact;

    Hdf5RowReader(String file, Dataset dataset, HdfBackingStorage storage) {
        super(file + ": dataset '" + dataset.getPath() + "'", dataset.getName(), numericShape(file, dataset),
                typeName(dataset.getDataType()));
        this.dataset = dataset;
        this.storage = storage;
        this.shape = dataset.getDimensionsAsLong();
        this.sample = sampleShape();
        DataType type = dataset.getDataType();
        ElementType raw = null;
        java.nio.ByteOrder order = null;
        if (dataset.getDataLayout() == DataLayout.CONTIGUOUS && dataset instanceof ContiguousDataset) {
            if (type instanceof FloatingPoint f && (f.getSize() == 4 || f.getSize() == 8)) {
                raw = f.getSize() == 4 ? ElementType.FLOAT32 : ElementType.FLOAT64;
                order = f.getByteOrder();
            } else if (type instanceof FixedPoint x) {
                raw = ElementType.of(x.isSigned() ? 'i' : 'u', x.getSize());
                order = x.getByteOrder();
            }
        }
        this.rawType = raw;
        this.rawOrder = order;
    }

    /** The shape of {@code dataset}, checked to be numeric first. */
    private static long[] numericShape(String file, Dataset dataset) {
        Class<?> javaType = dataset.getJavaType();
        if (javaType == String.class || dataset.isCompound() || !(dataset.getDataType() instanceof FloatingPoint
                || dataset.getDataType() instanceof FixedPoint)) {
            throw new InvalidInputException(file + ": dataset '" + dataset.getPath() + "': expected a numeric (float "
                    + "or integer) dataset, got " + (dataset.isCompound() ? "a compound" : javaType.getSimpleName())
                    + " data");
        }
        return dataset.getDimensionsAsLong();
    }

    /** The NumPy name of a numeric HDF5 type. */
    private static String typeName(DataType t) {
        if (t instanceof FloatingPoint) {
            return "float" + 8 * t.getSize();
        }
        return (t instanceof FixedPoint x && !x.isSigned() ? "uint" : "int") + 8 * t.getSize();
    }

    @Override
    float[] read(long first, int count, int elements) {
        String where = where();
        float[] out;
        try {
            if (count == 0) {
                out = new float[0];
            } else if (rawType != null) {
                out = readRaw(first, count, elements);
            } else if (dataset.getDataLayout() == DataLayout.COMPACT) {
                if (compact == null) {
                    compact = new float[Rows.slice(rows, sampleSize, where)];
                    flatten(dataset.getDataFlat(), compact, new int[] {0});
                }
                out = Arrays.copyOfRange(compact, (int) (first * sampleSize), (int) (first * sampleSize) + elements);
            } else {
                long[] offset = new long[shape.length];
                offset[0] = first;
                int[] dims = new int[shape.length];
                dims[0] = count;
                System.arraycopy(sample, 0, dims, 1, sample.length);
                out = new float[elements];
                int[] at = {0};
                flatten(dataset.getData(offset, dims), out, at);
                if (at[0] != elements) {
                    throw new InvalidInputException(where + ": samples " + first + "-" + (first + count - 1) + " gave "
                            + at[0] + " values, expected " + elements);
                }
            }
        } catch (ElementType.Problem | Keras1jException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidInputException(where + ": cannot read samples " + first + "-" + (first + count - 1)
                    + ", the file is truncated or damaged (" + e + ")", e);
        }
        return out;
    }

    private float[] readRaw(long first, int count, int elements) {
        int bytes = Rows.slice(elements, rawType.size(), where());
        long address = ((ContiguousDataset) dataset).getDataAddress() + first * sampleSize * (long) rawType.size();
        if (address + bytes > storage.size()) {
            throw new InvalidInputException(where() + " is truncated: samples " + first + "-" + (first + count - 1)
                    + " lie past the end of the file");
        }
        return decode(rawType, rawOrder, storage.readBufferFromAddress(address, bytes), elements);
    }

    /** Copies a (nested) primitive or Number array into {@code out} from {@code at[0]}, advancing it. */
    private void flatten(Object data, float[] out, int[] at) {
        if (data instanceof float[] f) {
            System.arraycopy(f, 0, out, at[0], f.length);
            at[0] += f.length;
        } else if (data instanceof double[] d) {
            for (double v : d) {
                out[at[0]++] = (float) v;
            }
        } else if (data instanceof long[] l) {
            for (int i = 0; i < l.length; i++) {
                out[at[0]++] = exact(l[i]);
            }
        } else if (data instanceof int[] a) {
            for (int i = 0; i < a.length; i++) {
                out[at[0]++] = exact(a[i]);
            }
        } else if (data instanceof short[] s) {
            for (short v : s) {
                out[at[0]++] = v;
            }
        } else if (data instanceof byte[] b) {
            for (byte v : b) {
                out[at[0]++] = v;
            }
        } else if (data instanceof Number n) {
            out[at[0]++] = n.floatValue();
        } else if (data != null && data.getClass().isArray()) {
            int n = Array.getLength(data);
            for (int i = 0; i < n; i++) {
                flatten(Array.get(data, i), out, at);
            }
        } else {
            throw new InvalidInputException(where() + ": expected numeric data, got "
                    + (data == null ? "nothing" : data.getClass().getSimpleName()));
        }
    }

    private float exact(long v) {
        if (v > ElementType.MAX_EXACT_INT || v < -ElementType.MAX_EXACT_INT) {
            throw new InvalidInputException(where() + ": integer value " + v
                    + " has no exact float32 (|value| > 2^24)");
        }
        return v;
    }

    @Override
    public void close() {
        // the file is closed by the InputFile
    }
}
