package keras1j.keras;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import keras1j.keras.config.ModelConfigParser;
import keras1j.keras.config.ModelTopology;
import keras1j.keras.graph.ImportSettings;
import keras1j.keras.graph.ModelAssembler;
import keras1j.keras.graph.Resolved;
import keras1j.keras.io.KerasFiles;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.layers.ConverterRegistry;

/**
 * Imports Keras 1.x models (Keras 1.0-1.2.2, Theano or TensorFlow backend, {@code th} or {@code tf}
 * dim ordering) into the keras1j IR. Stateless; all methods are thread-safe.
 */
public final class KerasModelLoader {
    private KerasModelLoader() {
    }

    /**
     * Reads and imports a model.
     *
     * @param model         a full-model HDF5 file ({@code model.save()}) or an architecture JSON file
     *                      ({@code model.to_json()})
     * @param weightsOrNull a weights HDF5 file ({@code model.save_weights()}), or null: a full model then
     *                      uses its own weights, a JSON architecture is imported without weights (its
     *                      summary and shapes are available, but engines and exporters refuse it with
     *                      an {@link keras1j.errors.InvalidModelException} unless
     *                      {@link ImportOptions#withRandomWeights} was asked for)
     * @param options       backend and dim ordering overrides
     * @throws keras1j.errors.InvalidModelException     for unreadable or inconsistent files
     * @throws keras1j.errors.UnsupportedFeatureException for layers or arguments keras1j does not implement
     * @throws keras1j.errors.ResourceLimitException    if the weights (read or, without a weights file,
     *                                                  zeros) need more than the options' memory budget
     */
    public static ImportedModel load(Path model, Path weightsOrNull, ImportOptions options) {
        return options.memoryBudget().run("importing " + model,
                () -> assemble(KerasFiles.read(model, weightsOrNull), options));
    }

    /**
     * Imports an already read model source.
     *
     * @throws keras1j.errors.InvalidModelException     for an inconsistent configuration or weights
     * @throws keras1j.errors.UnsupportedFeatureException for layers or arguments keras1j does not implement
     */
    public static ImportedModel load(KerasModelSource source, ImportOptions options) {
        return options.memoryBudget().run("importing " + source.architectureFile(), () -> assemble(source, options));
    }

    private static ImportedModel assemble(KerasModelSource source, ImportOptions options) {
        String fileName = source.architectureFile() == null || source.architectureFile().getFileName() == null ? ""
                : source.architectureFile().getFileName().toString();
        ModelTopology topology = ModelConfigParser.parse(source.modelConfig(), fileName);
        Resolved<Backend> backend = ImportSettings.backend(options.backend(), source.weights());
        Resolved<DimOrdering> dim = ImportSettings.dimOrdering(options.dimOrdering(), topology);

        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", String.valueOf(source.architectureFile()));
        source.kerasVersion().ifPresent(v -> metadata.put("keras_version", v));
        metadata.put("backend", backend.value().keras());
        metadata.put("dim_ordering", dim.value().keras());
        metadata.put("producer", "keras1j");

        ModelAssembler.Result r = ModelAssembler.assemble(topology, source.weights(),
                new ModelAssembler.Settings(backend.value(), dim.value(), options.inputShapes(), metadata,
                        options.randomWeightsSeed()),
                ConverterRegistry.forImport(options.converters(), options.layerConverters()));
        Path src = source.architectureFile();
        return new ImportedModel(r.graph(), src, source.kerasVersion(), backend.value(), backend.reason(),
                dim.value(), dim.reason(), source.weights().isPresent(), r.layers(), r.inputNames(), r.outputNames(),
                r.taps(), source.weights().isPresent() ? java.util.OptionalLong.empty() : options.randomWeightsSeed());
    }
}
