package keras1j.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.EngineKind;
import keras1j.verify.EngineSettings;
import keras1j.verify.Verifier;

/** The options shared by the commands that load a model and run it. Stateless. */
final class ModelArgs {
    static final Set<String> IMPORT = Set.of("weights", "backend", "dim-ordering");
    static final Set<String> ENGINE = Set.of("engine", "threads", "opset");

    private ModelArgs() {
    }

    static Set<String> union(Set<String> a, Set<String> b, String... more) {
        return Stream.concat(Stream.concat(a.stream(), b.stream()), Stream.of(more)).collect(Collectors.toSet());
    }

    /** Import options from {@code --backend} and {@code --dim-ordering}, else {@code base}. */
    static ImportOptions importOptions(Args args, ImportOptions base) {
        ImportOptions o = base;
        Optional<String> backend = args.option("backend");
        if (backend.isPresent()) {
            o = o.withBackend(Backend.parse(backend.get()));
        }
        Optional<String> ordering = args.option("dim-ordering");
        if (ordering.isPresent()) {
            o = o.withDimOrdering(DimOrdering.parse(ordering.get()));
        }
        return o;
    }

    static ImportedModel load(Args args, String modelPath) {
        return load(args, modelPath, Map.of());
    }

    /** Loads the model; the sample shapes of {@code inputs} fix any open input sizes. */
    static ImportedModel load(Args args, String modelPath, Map<String, Tensor> inputs) {
        Path weights = args.path("weights").orElse(null);
        ImportOptions options = Verifier.withInputShapesOf(importOptions(args, ImportOptions.defaults()), inputs);
        return KerasModelLoader.load(Path.of(modelPath), weights, options);
    }

    static EngineSettings engine(Args args) {
        EngineSettings s = EngineSettings.defaults();
        Optional<String> kind = args.option("engine");
        if (kind.isPresent()) {
            s = s.withKind(EngineKind.parse(kind.get()));
        }
        return s.withThreads(args.intOption("threads", s.threads())).withOpset(args.intOption("opset", s.opset()));
    }
}
