package keras1j.keras.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import keras1j.runtime.io.AtomicFiles;
import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.runtime.tensor.Tensor;

/**
 * Reads and writes the command line's tensor files: HDF5 files with float32 datasets
 * {@code <group>/<name>}, such as a fixture's {@code io.h5} ({@code inputs/}, {@code outputs/},
 * {@code layer_outputs/}) or a prediction's output file.
 *
 * <p>Reading problems (missing, not HDF5, damaged file, missing group) are
 * {@link InvalidInputException}s naming the file and group. Files are read fully and closed before a
 * method returns. Stateless; all methods are thread-safe.
 */
public final class Hdf5Tensors {
    private Hdf5Tensors() {
    }

    /**
     * Every dataset directly under {@code group} (sub-groups are skipped), as float32 tensors with
     * the dataset shapes, sorted by name.
     *
     * @param group a group path such as {@code inputs} or {@code layer_outputs}
     * @return an unmodifiable map in name order
     * @throws InvalidInputException naming the file and group if the group does not exist, or if the
     *                               file is missing, not HDF5, damaged or holds non-numeric data
     */
    public static Map<String, Tensor> readGroup(Path file, String group) {
        return Hdf5Reading.read(file, FileKind.INPUT, hdf -> {
            if (!(find(hdf, group) instanceof Group g)) {
                throw new InvalidInputException(file + ": no group '" + group + "'");
            }
            SortedMap<String, Tensor> tensors = new TreeMap<>();
            for (Node node : g) {
                if (node instanceof Dataset dataset) {
                    tensors.put(node.getName(), Hdf5Reading.guard(file, FileKind.INPUT,
                            () -> "dataset '" + dataset.getPath() + "'", () -> Hdf5Values.tensor(dataset)));
                }
            }
            return Collections.unmodifiableSortedMap(tensors);
        });
    }

    /**
     * True if {@code file} has a group at path {@code group}.
     *
     * @throws InvalidInputException naming the file if it is missing, not HDF5 or damaged
     */
    public static boolean hasGroup(Path file, String group) {
        return Hdf5Reading.read(file, FileKind.INPUT, hdf -> find(hdf, group) instanceof Group);
    }

    /**
     * The string attributes of the root group (a fixture's {@code io.h5} has {@code keras_version},
     * {@code backend}, {@code image_dim_ordering}, {@code case}), sorted by name; attributes of other
     * types are left out.
     *
     * @return an unmodifiable map in name order
     * @throws InvalidInputException naming the file if it is missing, not HDF5 or damaged
     */
    public static Map<String, String> rootStringAttributes(Path file) {
        return Hdf5Reading.read(file, FileKind.INPUT, hdf -> {
            SortedMap<String, String> strings = new TreeMap<>();
            for (Map.Entry<String, Attribute> entry : hdf.getAttributes().entrySet()) {
                Hdf5Reading.guard(file, FileKind.INPUT, () -> "attribute '" + entry.getKey() + "'",
                        () -> Hdf5Values.singleString(entry.getValue()))
                        .ifPresent(value -> strings.put(entry.getKey(), value));
            }
            return Collections.unmodifiableSortedMap(strings);
        });
    }

    /**
     * Writes {@code groups} (group name to dataset name to tensor) as float32 datasets
     * {@code group/name} with the tensor shapes, replacing {@code out} atomically: the file is written
     * next to {@code out} under a temporary name and then renamed, so that {@code out} is either left
     * as it was or replaced by the complete new file, never partially written.
     *
     * @throws InvalidInputException if the directory of {@code out} does not exist, a name is empty or
     *                               contains '/', or a tensor has no elements (HDF5 writing here
     *                               cannot store empty datasets)
     * @throws Keras1jException      naming {@code out} if writing fails
     */
    public static void writeGroups(Path out, Map<String, Map<String, Tensor>> groups) {
        for (Map.Entry<String, Map<String, Tensor>> group : groups.entrySet()) {
            checkName(out, group.getKey(), "group");
            for (Map.Entry<String, Tensor> dataset : group.getValue().entrySet()) {
                checkName(out, dataset.getKey(), "dataset in group '" + group.getKey() + "'");
                Tensor tensor = dataset.getValue();
                if (tensor == null || tensor.size() == 0) {
                    throw new InvalidInputException("cannot write " + out + ": dataset '" + group.getKey() + "/"
                            + dataset.getKey() + "' is " + (tensor == null ? "null" : "empty " + tensor)
                            + "; empty datasets cannot be written");
                }
            }
        }
        AtomicFiles.write(out, temp -> {
            try (WritableHdfFile hdf = HdfFile.write(temp)) {
                for (Map.Entry<String, Map<String, Tensor>> group : new TreeMap<>(groups).entrySet()) {
                    WritableGroup g = hdf.putGroup(group.getKey());
                    for (Map.Entry<String, Tensor> dataset : new TreeMap<>(group.getValue()).entrySet()) {
                        g.putDataset(dataset.getKey(), NestedArrays.of(dataset.getValue()));
                    }
                }
            } catch (RuntimeException e) {
                throw new Keras1jException("cannot write " + out + ": " + Hdf5Reading.describe(e), e);
            }
        });
    }

    private static void checkName(Path out, String name, String what) {
        if (name == null || name.isEmpty() || name.contains("/") || name.equals(".")) {
            throw new InvalidInputException("cannot write " + out + ": invalid " + what + " name "
                    + (name == null ? "null" : "'" + name + "'") + " (must be non-empty, without '/')");
        }
    }

    /** The node at {@code path} relative to the root ("" or "/" is the root), or null if absent. */
    private static Node find(HdfFile hdf, String path) {
        return Hdf5Reading.find(hdf, path.startsWith("/") ? path.substring(1) : path);
    }
}
