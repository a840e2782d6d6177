package keras1j.cli.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import keras1j.errors.InvalidInputException;

/**
 * The format of a prediction output file, chosen by its extension: {@code .npy} (one output),
 * {@code .npz} (one {@code <output layer>.npy} entry per output) or {@code .h5}/{@code .hdf5}
 * ({@code outputs/<output layer>} datasets). Every output is written as float32 ({@code <f4} for
 * NumPy), C order. Immutable; thread-safe.
 */
public enum OutputFormat {
    /** One NumPy array; only for a model with one output. */
    NPY,
    /** A ZIP of NumPy arrays (entries stored, not compressed), one per output. */
    NPZ,
    /** HDF5 with float32 datasets {@code outputs/<name>}. */
    HDF5;

    /**
     * The format for {@code output}'s extension (case-insensitive).
     *
     * @throws InvalidInputException naming the file and the supported extensions for any other
     *                               extension: output is never written in a guessed format
     */
    public static OutputFormat of(Path output) {
        String name = output.getFileName() == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return NPY;
        }
        if (name.endsWith(".npz")) {
            return NPZ;
        }
        if (name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return HDF5;
        }
        throw new InvalidInputException("output " + output + ": unknown extension; use .npy (one output), .npz or"
                + " .h5/.hdf5");
    }

    /**
     * Checks that this format can hold a model's outputs.
     *
     * @throws InvalidInputException for {@link #NPY} with several outputs, naming them
     */
    public void check(Path output, List<String> outputNames) {
        if (this == NPY && outputNames.size() != 1) {
            throw new InvalidInputException("output " + output + ": a .npy file holds one array, but the model has "
                    + outputNames.size() + " outputs " + outputNames + "; write a .npz or .h5 instead");
        }
    }
}
