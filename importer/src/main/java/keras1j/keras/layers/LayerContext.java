package keras1j.keras.layers;

import java.util.List;

import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerConfig;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Shape;

/**
 * Everything a converter needs to translate one application of a Keras layer: its configuration,
 * the backend, the effective dim ordering, its weights, and the graph under construction. Node names
 * are derived from the layer name. Not thread-safe; one per layer application during an import.
 */
public final class LayerContext {
    private final ConverterRegistry converters;
    private final LayerConfig config;
    private final Backend backend;
    private final DimOrdering imageDimOrdering;
    private final LayerWeights weights;
    private final IrEmitter ir;
    private final String prefix;
    private final int nodeIndex;

    /**
     * @param config           the layer configuration
     * @param backend          the backend the model was trained with
     * @param imageDimOrdering the global {@code image_dim_ordering} (for layers that save none)
     * @param weights          the layer's weights
     * @param ir               the graph under construction
     * @param nodeIndex        which application of the layer this is
     */
    public LayerContext(LayerConfig config, Backend backend, DimOrdering imageDimOrdering, LayerWeights weights,
            IrEmitter ir, int nodeIndex) {
        this(config, backend, imageDimOrdering, weights, ir, nodeIndex, ConverterRegistry.standard());
    }

    /**
     * As {@link #LayerContext(LayerConfig, Backend, DimOrdering, LayerWeights, IrEmitter, int)}, with the
     * registry this import uses (user converters included), through which wrappers find the converter of
     * the layer they wrap.
     */
    public LayerContext(LayerConfig config, Backend backend, DimOrdering imageDimOrdering, LayerWeights weights,
            IrEmitter ir, int nodeIndex, ConverterRegistry converters) {
        this.converters = converters;
        this.config = config;
        this.backend = backend;
        this.imageDimOrdering = imageDimOrdering;
        this.weights = weights;
        this.ir = ir;
        this.prefix = nodeIndex == 0 ? config.name() : config.name() + "@" + nodeIndex;
        this.nodeIndex = nodeIndex;
    }

    /**
     * The context of a layer wrapped by this one (Keras {@code TimeDistributed}, {@code Bidirectional}):
     * same backend, dim ordering and application, its own configuration and weights, emitting through
     * {@code ir} (e.g. a {@link IrEmitter#timeDistributed time-distributed} view of this one's).
     */
    public LayerContext wrapped(LayerConfig inner, LayerWeights innerWeights, IrEmitter ir) {
        return new LayerContext(inner, backend, imageDimOrdering, innerWeights, ir, nodeIndex, converters);
    }

    /** The converter this import uses for {@code layer} (a layer a wrapper holds), user converters included. */
    public LayerConverter converterFor(LayerConfig layer) {
        return converters.converterFor(layer);
    }

    /** The emitter this context adds nodes through. */
    public IrEmitter emitter() {
        return ir;
    }

    /** The layer's configuration (its {@code config} object in the model JSON), with typed accessors. */
    public LayerConfig config() {
        return config;
    }

    /** The backend the model was trained with (decides kernel flips and padding rules). */
    public Backend backend() {
        return backend;
    }

    /** The layer's own {@code dim_ordering} if it saved one, else the global image dim ordering. */
    public DimOrdering dimOrdering() {
        if (!config.has("dim_ordering")) {
            return imageDimOrdering;
        }
        String v = config.requiredString("dim_ordering");
        switch (v) {
            case "th":
                return DimOrdering.TH;
            case "tf":
                return DimOrdering.TF;
            case "default":
                return imageDimOrdering;
            default:
                throw config.invalid("dim_ordering", "'th' or 'tf'", config.json().get("dim_ordering"));
        }
    }

    /** The layer's saved weights: declare them with {@code expect}, then fetch each with {@code get}. */
    public LayerWeights weights() {
        return weights;
    }

    /** Adds a node named {@code <layer>/<label>}; returns its value name. */
    public String add(String label, Op op, String... inputs) {
        return ir.add(prefix + "/" + label, op, inputs);
    }

    /** The IR value of {@code t} in layout {@code perm} (a cached Transpose if needed). */
    public String valueIn(KerasTensor t, int[] perm) {
        return ir.valueIn(t, perm);
    }

    /** The IR value of {@code t} in Keras layout. */
    public String logical(KerasTensor t) {
        return ir.valueIn(t, Layouts.identity(t.rank()));
    }

    /** A Keras tensor for {@code value} held in layout {@code perm}. */
    public KerasTensor tensor(String value, int[] perm) {
        return ir.tensor(value, perm);
    }

    /** A Keras tensor for {@code value} held in Keras layout. */
    public KerasTensor logicalTensor(String value) {
        return ir.tensor(value, Layouts.identity(ir.shapeOf(value).rank()));
    }

    /** The shape of an IR value (batch axis {@link Shape#BATCH}, open sizes {@link Shape#UNKNOWN}). */
    public Shape shapeOf(String value) {
        return ir.shapeOf(value);
    }

    /** The only input of a single-input layer. */
    public KerasTensor single(List<KerasTensor> inputs) {
        if (inputs.size() != 1) {
            throw config.invalid("expects exactly one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    /** Checks the Keras rank of an input. */
    public KerasTensor requireRank(KerasTensor t, int rank) {
        if (t.rank() != rank) {
            throw config.invalid("expects an input of rank " + rank + " (batch included), got shape " + t.shape());
        }
        return t;
    }
}
