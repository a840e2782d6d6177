package keras1j.keras;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import keras1j.runtime.ir.Graph;

/**
 * A Keras 1 model translated to the keras1j IR, with what the translation decided and why.
 *
 * <p>The {@link #graph()} has one input per Keras input layer (same name, Keras shape, symbolic
 * batch) and one output per Keras output layer (same name, Keras layout). {@link #taps()} tells where
 * each layer's output lives in the graph, for layer-by-layer comparisons with Keras.
 *
 * <p>An architecture-only import ({@link #hasWeights()} false, no random weights asked for) has a
 * graph whose weights are placeholders: its summary and shapes are available, but engines and
 * exporters refuse it ({@link keras1j.runtime.ir.Graph#requireWeights}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ImportedModel {
    private final Graph graph;
    private final Path source;
    private final Optional<String> kerasVersion;
    private final Backend backend;
    private final String backendReason;
    private final DimOrdering dimOrdering;
    private final String dimOrderingReason;
    private final boolean hasWeights;
    private final List<LayerSummary> layers;
    private final List<String> inputNames;
    private final List<String> outputNames;
    private final Map<String, LayerTap> taps;
    private final OptionalLong randomWeightsSeed;

    ImportedModel(Graph graph, Path source, Optional<String> kerasVersion, Backend backend, String backendReason,
            DimOrdering dimOrdering, String dimOrderingReason, boolean hasWeights, List<LayerSummary> layers,
            List<String> inputNames, List<String> outputNames, Map<String, LayerTap> taps,
            OptionalLong randomWeightsSeed) {
        this.graph = graph;
        this.source = source;
        this.kerasVersion = kerasVersion;
        this.backend = backend;
        this.backendReason = backendReason;
        this.dimOrdering = dimOrdering;
        this.dimOrderingReason = dimOrderingReason;
        this.hasWeights = hasWeights;
        this.layers = List.copyOf(layers);
        this.inputNames = List.copyOf(inputNames);
        this.outputNames = List.copyOf(outputNames);
        this.taps = Collections.unmodifiableMap(new LinkedHashMap<>(taps));
        this.randomWeightsSeed = randomWeightsSeed;
    }

    /** The IR graph. */
    public Graph graph() {
        return graph;
    }

    /** The architecture file the model was read from. */
    public Path source() {
        return source;
    }

    /** The {@code keras_version} the file records, if any. */
    public Optional<String> kerasVersion() {
        return kerasVersion;
    }

    /** The backend the import assumed. */
    public Backend backend() {
        return backend;
    }

    /** Why: e.g. {@code inferred from weight names ending in ':0' (convolution2d_1_W:0)}. */
    public String backendReason() {
        return backendReason;
    }

    /** The {@code image_dim_ordering} used for layers that do not record their own. */
    public DimOrdering dimOrdering() {
        return dimOrdering;
    }

    /** Why that dim ordering was used. */
    public String dimOrderingReason() {
        return dimOrderingReason;
    }

    /**
     * True when saved weights were loaded. False for an architecture-only import: the graph then
     * holds seeded random weights if {@link #randomWeightsSeed()} is present, else placeholders that
     * engines and exporters refuse.
     */
    public boolean hasWeights() {
        return hasWeights;
    }

    /** The seed of the random weights the model runs with, if it was imported without weights and asked for them. */
    public OptionalLong randomWeightsSeed() {
        return randomWeightsSeed;
    }

    /** True when an engine or exporter accepts the graph: saved weights, or random weights asked for. */
    public boolean canRun() {
        return hasWeights || randomWeightsSeed.isPresent();
    }

    /** One summary per Keras layer, in model order (a Sequential model's implicit input layer excluded). */
    public List<LayerSummary> layers() {
        return layers;
    }

    /** Graph input names (the Keras input layer names), in model order. */
    public List<String> inputNames() {
        return inputNames;
    }

    /** Graph output names (the Keras output layer names), in model order. */
    public List<String> outputNames() {
        return outputNames;
    }

    /** Per Keras layer name (input layers included), where its first output lives in the graph. */
    public Map<String, LayerTap> taps() {
        return taps;
    }
}
