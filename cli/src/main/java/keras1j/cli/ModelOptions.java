package keras1j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Verifier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of every command that imports a model: {@code --weights}, {@code --backend},
 * {@code --dim-ordering}, {@code --input-shape}, {@code --random-weights}. Values are checked as
 * they are parsed.
 */
final class ModelOptions {
    /** The largest size accepted for one axis in {@code --input-shape}. */
    static final int MAX_AXIS = 1 << 24;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--weights", paramLabel = "W.h5",
            description = "Weights saved by model.save_weights() (or a full-model .h5), for a MODEL given as "
                    + "model.to_json() architecture; replaces a full model's own weights.")
    Path weights;

    private Optional<Backend> backend = Optional.empty();
    private Optional<DimOrdering> dimOrdering = Optional.empty();
    private final Map<String, int[]> inputShapes = new LinkedHashMap<>();
    private OptionalLong randomWeights = OptionalLong.empty();

    @Option(names = "--backend", paramLabel = "theano|tensorflow",
            description = "Override the backend inferred from the weight names.")
    void setBackend(String value) {
        try {
            backend = Optional.of(Backend.parse(value));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--backend': " + e.getMessage());
        }
    }

    @Option(names = "--dim-ordering", paramLabel = "th|tf",
            description = "The image_dim_ordering of the keras.json the model was saved with (for the layers that "
                    + "do not record their own); inferred from the model when absent.")
    void setDimOrdering(String value) {
        try {
            dimOrdering = Optional.of(DimOrdering.parse(value));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(),
                    "invalid value for option '--dim-ordering': " + e.getMessage());
        }
    }

    @Option(names = "--input-shape", paramLabel = "NAME=D1,D2,...",
            description = "Sample shape (without the batch axis) of input NAME, for inputs declared with open "
                    + "(None) sizes, e.g. --input-shape input_1=100,8; repeatable. predict and verify take "
                    + "shapes from the input file.")
    void addInputShape(String value) {
        int eq = value.lastIndexOf('=');
        if (eq <= 0 || eq == value.length() - 1) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--input-shape': '" + value
                    + "' (expected NAME=D1,D2,...)");
        }
        String name = value.substring(0, eq);
        String[] parts = value.substring(eq + 1).split(",", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] < 1 || dims[i] > MAX_AXIS) {
                throw new ParameterException(spec.commandLine(), "invalid value for option '--input-shape': '" + value
                        + "' (sizes must be whole numbers in 1.." + MAX_AXIS + ")");
            }
        }
        if (inputShapes.put(name, dims) != null) {
            throw new ParameterException(spec.commandLine(), "option '--input-shape' given twice for '" + name + "'");
        }
    }

    @Option(names = "--random-weights", paramLabel = "SEED",
            description = "For a MODEL without weights (a .json without --weights): run it with seeded random "
                    + "weights (benchmarks, smoke tests). Without it such a model is refused by every command but "
                    + "summary.")
    void setRandomWeights(long seed) {
        randomWeights = OptionalLong.of(seed);
    }

    /** Import options from these options on top of {@code base}. */
    ImportOptions importOptions(ImportOptions base) {
        ImportOptions o = base;
        if (backend.isPresent()) {
            o = o.withBackend(backend.get());
        }
        if (dimOrdering.isPresent()) {
            o = o.withDimOrdering(dimOrdering.get());
        }
        for (Map.Entry<String, int[]> e : inputShapes.entrySet()) {
            o = o.withInputShape(e.getKey(), e.getValue());
        }
        if (randomWeights.isPresent()) {
            o = o.withRandomWeights(randomWeights.getAsLong());
        }
        return o;
    }

    /** Loads {@code model}. */
    ImportedModel load(Path model) {
        return load(model, Map.of());
    }

    /**
     * Loads {@code model}; the sample shapes of {@code inputs} fix open input sizes that
     * {@code --input-shape} does not.
     */
    ImportedModel load(Path model, Map<String, Tensor> inputs) {
        ImportOptions base = Verifier.withInputShapesOf(ImportOptions.defaults(), inputs);
        return KerasModelLoader.load(model, weights, importOptions(base));
    }

    /**
     * Loads {@code model} for a command that runs or exports it: a model without weights is refused
     * (exit 3, before anything is written) unless {@code --random-weights} was given.
     */
    ImportedModel loadRunnable(Path model, Map<String, Tensor> inputs) {
        ImportedModel m = load(model, inputs);
        m.graph().requireWeights("run '" + spec.name() + "'");
        return m;
    }
}
