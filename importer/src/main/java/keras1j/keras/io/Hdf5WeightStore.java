package keras1j.keras.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import keras1j.runtime.tensor.Tensor;
import keras1j.errors.InvalidModelException;

/**
 * A {@link WeightStore} read from a Keras 1 HDF5 file: the weights of every layer listed in
 * {@code layer_names}, converted to float32. Names, shapes and types are read and checked at once;
 * the values of small weights too, while a large weight (at least {@value #LAZY_ELEMENTS} values) is
 * a {@link Tensor#lazy lazy} tensor that reads its dataset when first used. Such a read checks
 * that the file still has the size and modification time it had at import
 * ({@link InvalidModelException} otherwise): the file must stay in place until the weights are used
 * (an engine built, a model exported).
 *
 * <p>Also the store behind {@link WeightStore#inMemory} (no file, no version). Immutable; thread-safe.
 *
 * @param file         the HDF5 file read
 * @param kerasVersion the file's root {@code keras_version} attribute, if any
 * @param layerNames   the {@code layer_names} attribute, in order
 * @param layers       the weights of each layer, in {@code weight_names} order
 */
record Hdf5WeightStore(Path file, Optional<String> kerasVersion, List<String> layerNames,
        Map<String, List<NamedWeight>> layers) implements WeightStore {
    /** The group of a full-model file ({@code model.save()}) that holds the weights. */
    static final String MODEL_WEIGHTS = "model_weights";
    static final String LAYER_NAMES = "layer_names";
    static final String WEIGHT_NAMES = "weight_names";
    static final String KERAS_VERSION = "keras_version";
    private static final int MAX_NAMES_IN_MESSAGE = 20;
    /** Weights with at least this many values (256 KB as float32) are read when first used. */
    static final long LAZY_ELEMENTS = 1 << 16;

    Hdf5WeightStore {
        layerNames = List.copyOf(layerNames);
        layers = Map.copyOf(layers);
    }

    /** Reads the whole weights file: the {@code model_weights} group if present, else the root group. */
    static Hdf5WeightStore read(Path file) {
        return Hdf5Reading.read(file, FileKind.MODEL, hdf -> {
            Optional<String> version = guard(file, () -> "attribute '" + KERAS_VERSION + "'",
                    () -> Hdf5Values.stringAttribute(hdf, KERAS_VERSION));
            Node weightsNode = hdf.getChild(MODEL_WEIGHTS);
            Group root = weightsNode instanceof Group g ? g : hdf;
            return read(file, root, version);
        });
    }

    /** Reads the layers listed in {@code root}'s {@code layer_names}; call inside {@link Hdf5Reading#read}. */
    static Hdf5WeightStore read(Path file, Group root, Optional<String> kerasVersion) {
        String where = root.getPath().equals("/") ? "" : " of group '" + root.getPath() + "'";
        Attribute layerNamesAttribute = root.getAttribute(LAYER_NAMES);
        if (layerNamesAttribute == null) {
            throw new InvalidModelException(file + ": no '" + LAYER_NAMES + "' attribute" + where
                    + ": not a Keras weights file (model.save_weights() or model.save())");
        }
        List<String> names = guard(file, () -> "attribute '" + LAYER_NAMES + "'" + where,
                () -> Hdf5Values.strings(layerNamesAttribute, LAYER_NAMES));
        FileStamp stamp = FileStamp.of(file);
        Map<String, List<NamedWeight>> layers = new LinkedHashMap<>();
        for (String layer : names) {
            if (layers.containsKey(layer)) {
                throw new InvalidModelException(file + ": layer '" + layer + "' is listed twice in '" + LAYER_NAMES
                        + "'");
            }
            layers.put(layer, readLayer(file, stamp, root, layer));
        }
        return new Hdf5WeightStore(file, kerasVersion, names, layers);
    }

    private static List<NamedWeight> readLayer(Path file, FileStamp stamp, Group root, String layer) {
        Node node = guard(file, () -> "layer '" + layer + "'",
                () -> layer.isEmpty() ? null : Hdf5Reading.find(root, layer));
        if (!(node instanceof Group group)) {
            throw new InvalidModelException(file + ": layer '" + layer + "' is listed in '" + LAYER_NAMES
                    + "' but has no group" + (node == null ? "" : " (found a dataset)"));
        }
        Attribute weightNames = guard(file, () -> "layer '" + layer + "'", () -> group.getAttribute(WEIGHT_NAMES));
        if (weightNames == null) {
            throw new InvalidModelException(file + ": layer '" + layer + "' has no '" + WEIGHT_NAMES + "' attribute");
        }
        List<String> names = guard(file, () -> "layer '" + layer + "': attribute '" + WEIGHT_NAMES + "'",
                () -> Hdf5Values.strings(weightNames, WEIGHT_NAMES));
        List<NamedWeight> weights = new ArrayList<>(names.size());
        for (String name : names) {
            weights.add(guard(file, () -> "layer '" + layer + "': weight '" + name + "'",
                    () -> new NamedWeight(name, weight(file, stamp, dataset(file, group, layer, name), layer, name))));
        }
        return List.copyOf(weights);
    }

    /**
     * A weight read now if small, else a {@link Tensor#lazy lazy} tensor of the dataset's shape that
     * reads the file again when its values are first needed: a summary or a plot then never reads
     * them, and an engine reads each large weight once, straight into the array it keeps.
     */
    private static Tensor weight(Path file, FileStamp stamp, Dataset dataset, String layer, String name) {
        int[] shape = Hdf5Values.numericShape(dataset);
        if (Tensor.elementCount(shape) < LAZY_ELEMENTS) {
            return Tensor.of(Hdf5Values.values(dataset, shape), shape);
        }
        checkExtent(file, dataset);
        String path = dataset.getPath();
        return Tensor.lazy(() -> Hdf5Reading.read(file, FileKind.MODEL, hdf -> {
            stamp.check();
            return guard(file, () -> "layer '" + layer + "': weight '" + name + "'", () -> {
                if (!(Hdf5Reading.find(hdf, path.substring(1)) instanceof Dataset again)) {
                    throw new InvalidModelException(file + ": layer '" + layer + "': weight '" + name
                            + "' is gone from the file since the model was imported");
                }
                if (!Arrays.equals(Hdf5Values.numericShape(again), shape)) {
                    throw new InvalidModelException(file + ": layer '" + layer + "': weight '" + name
                            + "' changed shape since the model was imported");
                }
                return Hdf5Values.values(again, shape);
            });
        }), shape);
    }

    /** A contiguous dataset whose bytes run past the end of the file is reported at import. */
    private static void checkExtent(Path file, Dataset dataset) {
        if (dataset instanceof ContiguousDataset contiguous) {
            long end = contiguous.getDataAddress() + dataset.getSizeInBytes();
            long size = dataset.getHdfFile().size();
            if (contiguous.getDataAddress() < 0 || end > size) {
                throw new Hdf5Values.Problem("its data (bytes " + contiguous.getDataAddress() + " to " + end
                        + ") lies past the end of the file (" + size + " bytes): the file is truncated or damaged");
            }
        }
    }

    /** Looks a weight up relative to its layer group; a name with '/' is a path (h5py made groups). */
    private static Dataset dataset(Path file, Group group, String layer, String name) {
        Node node = name.isEmpty() ? null : Hdf5Reading.find(group, name);
        if (!(node instanceof Dataset dataset)) {
            throw new InvalidModelException(file + ": layer '" + layer + "': weight '" + name + "' is listed in '"
                    + WEIGHT_NAMES + "' but " + (node == null ? "there is no such dataset" : "it is a group")
                    + " in group '" + group.getPath() + "'");
        }
        return dataset;
    }

    private static <T> T guard(Path file, Supplier<String> where, Supplier<T> access) {
        return Hdf5Reading.guard(file, FileKind.MODEL, where, access);
    }

    @Override
    public boolean hasLayer(String layer) {
        return layers.containsKey(layer);
    }

    @Override
    public List<NamedWeight> weights(String layer) {
        List<NamedWeight> weights = layers.get(layer);
        if (weights == null) {
            throw new InvalidModelException(file + ": no weights for layer '" + layer + "': the file has no group '"
                    + layer + "' (its layers: " + summary(layerNames) + ")");
        }
        return weights;
    }

    private static String summary(List<String> names) {
        int shown = Math.min(names.size(), MAX_NAMES_IN_MESSAGE);
        String listed = String.join(", ", names.subList(0, shown));
        return shown < names.size() ? listed + ", ... " + (names.size() - shown) + " more" : listed;
    }

    @Override
    public String toString() {
        return "Hdf5WeightStore[" + file + ", " + layerNames.size() + " layers]";
    }
}
