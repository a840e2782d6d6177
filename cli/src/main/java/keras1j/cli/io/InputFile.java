package keras1j.cli.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportedModel;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Verifier;

/**
 * A prediction input file opened for streaming: a NumPy {@code .npy} (one array, for a model with
 * one input), a {@code .npz} archive (one {@code <input layer>.npy} entry per model input, stored or
 * deflated), or an HDF5 file with {@code inputs/<input layer>} datasets. The format is recognised by
 * the file's first bytes (NumPy magic string, ZIP signature, else HDF5), so an input keeps working
 * whatever its extension.
 *
 * <p>Opening reads only headers; {@link #bind} then gives one {@link RowReader} per model input,
 * which reads the samples slice by slice. Every problem is an {@link InvalidInputException} naming the
 * file and the array (exit code 2 on the command line).
 *
 * <p>Not thread-safe; close it (closing its readers) when done.
 */
public final class InputFile implements AutoCloseable {
    /** How the file stores its arrays. */
    public enum Kind {
        /** One NumPy array. */
        NPY,
        /** A ZIP of NumPy arrays, keyed by entry name without {@code .npy}. */
        NPZ,
        /** An HDF5 file with datasets {@code inputs/<name>}. */
        HDF5
    }

    private static final byte[] ZIP_LOCAL = {'P', 'K', 3, 4};
    private static final byte[] ZIP_EMPTY = {'P', 'K', 5, 6};

    private final Path file;
    private final Kind kind;
    /** Arrays by name (for .npy the single array under its file name). */
    private final Map<String, RowReader> arrays;
    private final AutoCloseable resource;

    private InputFile(Path file, Kind kind, Map<String, RowReader> arrays, AutoCloseable resource) {
        this.file = file;
        this.kind = kind;
        this.arrays = arrays;
        this.resource = resource;
    }

    /**
     * Opens {@code file} and reads the headers of its arrays.
     *
     * @throws InvalidInputException naming the file if it is missing, unreadable, of no supported
     *                               format, or has a malformed header
     */
    public static InputFile open(Path file) {
        Kind kind = sniff(file);
        return switch (kind) {
            case NPY -> {
                NpyRowReader reader = NpyRowReader.open(file);
                yield new InputFile(file, kind, Map.of(reader.name(), reader), null);
            }
            case NPZ -> openNpz(file);
            case HDF5 -> openHdf5(file);
        };
    }

    /** The file's format. */
    public Kind kind() {
        return kind;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /**
     * The arrays' sample shapes as empty tensors of shape {@code [0, d1, d2, ...]}, keyed by array
     * name, for fixing a model's open input sizes at import time
     * ({@link Verifier#withInputShapesOf}). Empty for a {@code .npy}: its array has no input name.
     */
    public Map<String, Tensor> sampleShapes() {
        if (kind == Kind.NPY) {
            return Map.of();
        }
        Map<String, Tensor> shapes = new TreeMap<>();
        arrays.forEach((name, r) -> shapes.put(name, Tensor.zeros(withBatch(0, r.sampleShape()))));
        return Collections.unmodifiableMap(shapes);
    }

    /**
     * One reader per model input, in the model's input order, after checking that the file has an
     * array for every input (a {@code .npy} only for a model with exactly one input), that each array's
     * sample shape is the input's, and that all arrays have the same number of samples.
     *
     * @throws InvalidInputException naming the file, input and shapes on any mismatch
     */
    public Map<String, RowReader> bind(ImportedModel model) {
        List<GraphInput> inputs = model.graph().inputs();
        Map<String, RowReader> bound = new LinkedHashMap<>();
        if (kind == Kind.NPY) {
            if (inputs.size() != 1) {
                throw new InvalidInputException(file + ": a .npy file holds one array, but the model has "
                        + inputs.size() + " inputs " + model.inputNames() + "; give them as a .npz with one entry per"
                        + " input (np.savez(path, " + String.join("=..., ", model.inputNames())
                        + "=...)) or as an HDF5 file with inputs/<name> datasets");
            }
            bound.put(inputs.get(0).name(), arrays.values().iterator().next());
        } else {
            // the model's names matched like the HDF5 inputs always were (incl. Sequential '_input_N')
            Map<String, Tensor> carriers = new LinkedHashMap<>();
            Map<Tensor, RowReader> byCarrier = new IdentityHashMap<>();
            arrays.forEach((name, r) -> {
                Tensor carrier = Tensor.zeros(0);
                carriers.put(name, carrier);
                byCarrier.put(carrier, r);
            });
            Map<String, Tensor> matched;
            try {
                matched = Verifier.modelInputs(model, carriers, file);
            } catch (InvalidInputException e) {
                if (kind != Kind.NPZ) {
                    throw e;
                }
                List<String> missing = new ArrayList<>(model.inputNames());
                missing.removeAll(arrays.keySet());
                throw new InvalidInputException(file + ": no entry '" + missing.get(0) + ".npy' for model input '"
                        + missing.get(0) + "' (has " + entryNames() + "; the model's inputs are " + model.inputNames()
                        + ")", e);
            }
            matched.forEach((input, carrier) -> bound.put(input, byCarrier.get(carrier)));
        }
        Long rows = null;
        String rowsFrom = null;
        for (GraphInput input : inputs) {
            RowReader r = bound.get(input.name());
            int[] want = input.shape().sampleDims();
            if (!fits(want, r.sampleShape())) {
                throw new InvalidInputException(r.where() + ": model input '" + input.name() + "' takes samples of shape "
                        + Arrays.toString(want) + " (array shape [N, " + join(want) + "]), the array has shape "
                        + Arrays.toString(withBatch(r.rows(), r.sampleShape())));
            }
            if (rows == null) {
                rows = r.rows();
                rowsFrom = r.where();
            } else if (rows != r.rows()) {
                throw new InvalidInputException(file + ": inputs have different sample counts: " + rowsFrom + " has "
                        + rows + ", " + r.where() + " has " + r.rows());
            }
        }
        return Collections.unmodifiableMap(bound);
    }

    private List<String> entryNames() {
        return arrays.keySet().stream().map(n -> n + ".npy").toList();
    }

    @Override
    public void close() {
        for (RowReader r : arrays.values()) {
            r.close();
        }
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                // read-only: nothing was lost
            }
        }
    }

    private static Kind sniff(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            return Kind.HDF5; // the HDF5 reader names the problem (missing, directory, permission)
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(NpyHeader.MAGIC.length);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e, e);
        }
        if (Arrays.equals(head, NpyHeader.MAGIC)) {
            return Kind.NPY;
        }
        if (head.length >= 4 && (Arrays.equals(Arrays.copyOf(head, 4), ZIP_LOCAL)
                || Arrays.equals(Arrays.copyOf(head, 4), ZIP_EMPTY))) {
            return Kind.NPZ;
        }
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".npy") || name.endsWith(".npz")) {
            throw new InvalidInputException(file + " is not a NumPy " + name.substring(name.length() - 4)
                    + " file (no " + (name.endsWith(".npy") ? "\\x93NUMPY magic string" : "ZIP signature")
                    + " at its start)");
        }
        return Kind.HDF5;
    }

    private static InputFile openNpz(Path file) {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new InvalidInputException(file + ": not a valid .npz (ZIP) archive: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e, e);
        }
        Map<String, RowReader> arrays = new TreeMap<>();
        try {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".npy")) {
                    continue;
                }
                String array = name.substring(0, name.length() - 4);
                if (arrays.containsKey(array)) {
                    throw new InvalidInputException(file + ": entry '" + name + "' appears twice");
                }
                arrays.put(array, NpzRowReader.open(file.toString(), zip, entry, array));
            }
        } catch (RuntimeException e) {
            arrays.values().forEach(RowReader::close);
            closeQuietly(zip);
            if (e instanceof InvalidInputException) {
                throw e;
            }
            throw new InvalidInputException(file + ": damaged .npz archive: " + e, e);
        }
        if (arrays.isEmpty()) {
            closeQuietly(zip);
            throw new InvalidInputException(file + ": the .npz archive has no .npy entries");
        }
        return new InputFile(file, Kind.NPZ, Collections.unmodifiableMap(arrays), zip);
    }

    private static InputFile openHdf5(Path file) {
        // validates the file as the whole-file reader always did: missing, not HDF5, truncated, no group
        if (!Hdf5Tensors.hasGroup(file, "inputs")) {
            throw new InvalidInputException(file + ": no group 'inputs'");
        }
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (RuntimeException e) {
            throw new InvalidInputException(file + ": cannot read HDF5 file (" + e + ")", e);
        }
        Map<String, RowReader> arrays = new TreeMap<>();
        try {
            Node node = hdf.getByPath("inputs");
            if (!(node instanceof Group group)) {
                throw new InvalidInputException(file + ": no group 'inputs'");
            }
            for (Node child : group) {
                if (child instanceof Dataset dataset) {
                    arrays.put(child.getName(), new Hdf5RowReader(file.toString(), dataset, hdf.getHdfBackingStorage()));
                }
            }
        } catch (InvalidInputException e) {
            hdf.close();
            throw e;
        } catch (RuntimeException e) {
            hdf.close();
            throw new InvalidInputException(file + ": cannot read HDF5 file, it is truncated or damaged (" + e + ")", e);
        }
        return new InputFile(file, Kind.HDF5, Collections.unmodifiableMap(arrays), hdf);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // read-only
        }
    }

    static int[] withBatch(long rows, int[] sample) {
        int[] s = new int[sample.length + 1];
        s[0] = (int) Math.min(rows, Integer.MAX_VALUE);
        System.arraycopy(sample, 0, s, 1, sample.length);
        return s;
    }

    private static String join(int[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.toString();
    }

    /** Whether an array's sample shape fits a model input's, where an open model axis (-1) takes any size. */
    private static boolean fits(int[] want, int[] have) {
        if (want.length != have.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i] >= 0 && want[i] != have[i]) {
                return false;
            }
        }
        return true;
    }
}
