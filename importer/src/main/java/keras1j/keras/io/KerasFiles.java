package keras1j.keras.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.jhdf.api.Group;

import keras1j.errors.InvalidModelException;

/**
 * Reads Keras 1 model files: a full model saved by {@code model.save()} (HDF5 with the
 * {@code model_config} attribute and a {@code model_weights/} group), or an architecture saved by
 * {@code model.to_json()} with, optionally, weights saved by {@code model.save_weights()}.
 *
 * <p>Files are told apart by content (the HDF5 signature), not by extension. Every file is closed
 * before a method returns; everything is read into memory then except the values of large weights,
 * which are read from the weights file when first used (see {@link WeightStore}), so that the
 * file must stay in place until then. Every problem is an
 * {@link InvalidModelException} whose message names the file and, where relevant, the layer,
 * attribute or JSON position.
 *
 * <p>Stateless; all methods are thread-safe.
 */
public final class KerasFiles {
    private static final String MODEL_CONFIG = "model_config";
    private static final int SNIFF_BYTES = 4096;

    private KerasFiles() {
    }

    /**
     * Reads a model given as a full-model HDF5 file or an architecture JSON file.
     *
     * @param model          a {@code model.save()} HDF5 file or a {@code model.to_json()} file
     * @param weightsOrNull  a {@code model.save_weights()} (or full-model) HDF5 file, or null; with a
     *                       full-model {@code model}, its weights replace the model file's own; with
     *                       a JSON {@code model}, null means an architecture-only import
     * @throws InvalidModelException naming the file if a file is missing, unreadable or malformed
     */
    public static KerasModelSource read(Path model, Path weightsOrNull) {
        return switch (Hdf5Reading.sniff(model, FileKind.MODEL)) {
            case HDF5 -> weightsOrNull == null ? readFullModel(model) : fullModel(model, false)
                    .withWeights(readWeights(weightsOrNull));
            case EMPTY -> throw new InvalidModelException(model
                    + " is empty: expected a Keras model (HDF5 from model.save() or JSON from model.to_json())");
            case OTHER -> {
                if (!looksLikeJson(Hdf5Reading.head(model, FileKind.MODEL, SNIFF_BYTES))) {
                    throw new InvalidModelException(model + " is neither an HDF5 file nor a JSON model"
                            + " (expected HDF5 from model.save() or JSON from model.to_json())");
                }
                yield readArchitecture(model, weightsOrNull);
            }
        };
    }

    /**
     * Reads a full model saved by {@code model.save()}: architecture from the {@code model_config}
     * attribute, weights from {@code model_weights/}; {@code training_config} and
     * {@code optimizer_weights/} are ignored.
     *
     * @throws InvalidModelException naming the file if it is not such a file or is damaged
     */
    public static KerasModelSource readFullModel(Path h5) {
        return fullModel(h5, true);
    }

    /**
     * Reads an architecture saved by {@code model.to_json()}, with weights if given.
     *
     * @param json          the architecture JSON
     * @param weightsOrNull a {@code model.save_weights()} (or full-model) HDF5 file, or null for an
     *                      architecture-only import
     * @throws InvalidModelException naming the file if a file is missing, unreadable or malformed
     */
    public static KerasModelSource readArchitecture(Path json, Path weightsOrNull) {
        ModelJson.Parsed parsed = ModelJson.parseFile(json);
        JsonNode config = parsed.root();
        if (weightsOrNull == null) {
            return new KerasModelSource(json, ModelJson.kerasVersion(config), parsed.text(), Optional.empty());
        }
        Hdf5WeightStore weights = Hdf5WeightStore.read(weightsOrNull);
        Optional<String> version = weights.kerasVersion().or(() -> ModelJson.kerasVersion(config));
        return new KerasModelSource(json, version, parsed.text(), Optional.of(weights));
    }

    /**
     * Reads the weights of a {@code model.save_weights()} file, or of a {@code model.save()} file
     * (its {@code model_weights/} group).
     *
     * @throws InvalidModelException naming the file (and layer) if it is not such a file or is
     *                               damaged
     */
    public static WeightStore readWeights(Path h5) {
        return Hdf5WeightStore.read(h5);
    }

    private static KerasModelSource fullModel(Path h5, boolean withWeights) {
        return Hdf5Reading.read(h5, FileKind.MODEL, hdf -> {
            Optional<String> version = Hdf5Reading.guard(h5, FileKind.MODEL,
                    () -> "attribute '" + Hdf5WeightStore.KERAS_VERSION + "'",
                    () -> Hdf5Values.stringAttribute(hdf, Hdf5WeightStore.KERAS_VERSION));
            String modelConfig = Hdf5Reading.guard(h5, FileKind.MODEL, () -> "attribute '" + MODEL_CONFIG + "'",
                    () -> Hdf5Values.stringAttribute(hdf, MODEL_CONFIG)).orElseThrow(() -> new InvalidModelException(
                            h5 + ": no '" + MODEL_CONFIG + "' attribute: not a full model saved by model.save()"
                                    + " (a model.save_weights() file needs the model.to_json() architecture too)"));
            ModelJson.parseAttribute(h5, MODEL_CONFIG, modelConfig);
            if (!withWeights) {
                return new KerasModelSource(h5, version, modelConfig, Optional.empty());
            }
            if (!(hdf.getChild(Hdf5WeightStore.MODEL_WEIGHTS) instanceof Group weightsGroup)) {
                throw new InvalidModelException(h5 + ": no '" + Hdf5WeightStore.MODEL_WEIGHTS
                        + "' group: the full model has no weights");
            }
            WeightStore weights = Hdf5WeightStore.read(h5, weightsGroup, version);
            return new KerasModelSource(h5, version, modelConfig, Optional.of(weights));
        });
    }

    /** True if the first non-blank character (after an optional UTF-8 byte order mark) opens JSON. */
    private static boolean looksLikeJson(byte[] head) {
        String text = new String(head, StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                continue;
            }
            return c == '{' || c == '[';
        }
        return false;
    }
}
