package keras1j.keras.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import keras1j.errors.InvalidModelException;
import keras1j.errors.ShapeException;
import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.LayerSummary;
import keras1j.keras.LayerTap;
import keras1j.keras.config.LayerConfig;
import keras1j.keras.config.LayerSpec;
import keras1j.keras.config.ModelConfigParser;
import keras1j.keras.config.ModelTopology;
import keras1j.keras.config.TensorRef;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.keras.layers.ConverterRegistry;
import keras1j.keras.layers.IrEmitter;
import keras1j.keras.layers.KerasTensor;
import keras1j.keras.layers.LayerContext;
import keras1j.keras.layers.LayerConverter;
import keras1j.keras.layers.LayerWeights;
import keras1j.keras.layers.Layouts;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;

/**
 * Walks a {@link ModelTopology} application by application, lets each layer's converter add its IR
 * nodes, and collects what an {@link keras1j.keras.ImportedModel} reports: per-layer summaries and
 * taps, input and output names. Graph inputs carry the Keras input layer names and shapes; graph
 * outputs carry the Keras output layer names and hold Keras-layout values. Stateless and thread-safe.
 */
public final class ModelAssembler {
    private ModelAssembler() {
    }

    /** What an assembly produces. */
    public record Result(Graph graph, List<LayerSummary> layers, Map<String, LayerTap> taps, List<String> inputNames,
            List<String> outputNames) {
    }

    /**
     * The settings of one assembly.
     *
     * @param randomWeightsSeed for an import without weights: seeded random weights instead of
     *                          zero placeholders that engines refuse
     */
    public record Settings(Backend backend, DimOrdering imageDimOrdering, Map<String, List<Integer>> inputShapes,
            Map<String, String> metadata, OptionalLong randomWeightsSeed) {

        /** Settings without random weights. */
        public Settings(Backend backend, DimOrdering imageDimOrdering, Map<String, List<Integer>> inputShapes,
                Map<String, String> metadata) {
            this(backend, imageDimOrdering, inputShapes, metadata, OptionalLong.empty());
        }
    }

    /** Why an architecture-only graph cannot run, with the remedies (library and command line). */
    static final String NO_WEIGHTS = "the model has no weights (architecture only): pass its weights file"
            + " (--weights W.h5), or ask for seeded random weights (--random-weights SEED,"
            + " ImportOptions.withRandomWeights(seed))";

    /**
     * Builds the graph.
     *
     * @throws keras1j.errors.UnsupportedFeatureException for an unknown layer class or an unsupported argument
     * @throws InvalidModelException for inconsistent configurations or weights
     */
    public static Result assemble(ModelTopology topology, Optional<WeightStore> weights, Settings settings,
            ConverterRegistry registry) {
        Scope root = Scope.root(topology, weights, registry,
                weights.isPresent() ? OptionalLong.empty() : settings.randomWeightsSeed());
        GraphBuilder builder = new GraphBuilder();
        IrEmitter ir = new IrEmitter(builder);

        Map<String, LayerSpec> specs = root.specs;
        Map<String, List<List<KerasTensor>>> produced = new HashMap<>();
        List<String> inputNames = new ArrayList<>();
        for (TensorRef ref : topology.inputs()) {
            LayerSpec l = specs.get(ref.layer());
            if (!l.isInputLayer()) {
                throw new InvalidModelException(l.config().where() + ": listed in 'input_layers' but is not an InputLayer");
            }
            if (produced.containsKey(l.name())) {
                continue;
            }
            String name = builder.input(l.name(), inputShape(l.config(), settings.inputShapes()));
            produced.put(l.name(), new ArrayList<>(List.of(List.of(ir.tensor(name, Layouts.identity(
                    builder.shapeOf(name).rank()))))));
            inputNames.add(name);
        }
        checkInputsListed(topology, produced);
        root.applyLayers(produced, ir, settings);
        root.finish();
        checkNoForeignWeights(topology, weights);

        List<String> outputNames = new ArrayList<>();
        Set<String> usedNames = new HashSet<>();
        for (TensorRef ref : topology.outputs()) {
            KerasTensor t = lookup(specs.get(ref.layer()), ref, produced);
            if (t == null) {
                throw new InvalidModelException(specs.get(ref.layer()).config().where() + ": output " + ref
                        + " does not exist");
            }
            String value = ir.valueIn(t, Layouts.identity(t.rank()));
            if (inputNames.contains(value)) {
                value = ir.add(ref.layer() + "/output", new Reshape(t.shape().sampleDims()), value);
            }
            String name = ref.layer();
            if (!usedNames.add(name)) {
                name = ref.layer() + "_" + ref.nodeIndex() + "_" + ref.tensorIndex();
                usedNames.add(name);
            }
            builder.output(name, value);
            outputNames.add(name);
        }
        settings.metadata().forEach(builder::metadata);
        if (weights.isEmpty() && root.parameterCount() > 0) {
            if (settings.randomWeightsSeed().isPresent()) {
                builder.metadata("weights", "random (seed " + settings.randomWeightsSeed().getAsLong() + ")");
            } else {
                builder.weightsMissing(NO_WEIGHTS);
            }
        }
        Graph graph = builder.build();

        List<LayerSummary> summaries = new ArrayList<>();
        Map<String, LayerTap> taps = new LinkedHashMap<>();
        for (LayerSpec l : topology.layers()) {
            List<List<KerasTensor>> nodes = produced.get(l.name());
            if (!nodes.isEmpty() && !nodes.get(0).isEmpty()) {
                KerasTensor first = nodes.get(0).get(0);
                int[] toKeras = first.isLogical() ? null : Layouts.inverse(first.perm());
                taps.put(l.name(), new LayerTap(first.value(), toKeras));
            }
            if (topology.sequentialInput().filter(l.name()::equals).isPresent()) {
                continue;
            }
            List<String> shapes = new ArrayList<>();
            for (List<KerasTensor> node : nodes) {
                for (KerasTensor t : node) {
                    shapes.add(t.shape().toString());
                }
            }
            List<String> inbound = new ArrayList<>();
            List<String> inputShapes = new ArrayList<>();
            for (List<TensorRef> node : l.inboundNodes()) {
                List<String> nodeShapes = new ArrayList<>();
                for (TensorRef r : node) {
                    inbound.add(r.layer());
                    KerasTensor t = lookup(specs.get(r.layer()), r, produced);
                    nodeShapes.add(t == null ? "?" : t.shape().toString());
                }
                inputShapes.add(nodeShapes.size() == 1 ? nodeShapes.get(0) : nodeShapes.toString());
            }
            if (l.inboundNodes().isEmpty()) {
                inputShapes.addAll(shapes);
            }
            summaries.add(new LayerSummary(l.name(), l.className(), shapes, root.parameterCount(l.name()), inbound,
                    inputShapes));
        }
        return new Result(graph, summaries, taps, inputNames, outputNames);
    }

    private static void checkInputsListed(ModelTopology topology, Map<String, List<List<KerasTensor>>> produced) {
        for (LayerSpec l : topology.layers()) {
            if (l.isInputLayer() && !produced.containsKey(l.name())) {
                throw new InvalidModelException(l.config().where() + ": input layer is not listed in 'input_layers'");
            }
        }
    }

    /** A model used as a layer, as a configuration of its own. */
    static ModelTopology innerTopology(LayerSpec holder) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("class_name", holder.className());
        json.set("config", holder.config().json());
        return ModelConfigParser.parse(json, holder.config().source());
    }

    /**
     * One model configuration (the imported model, or a model used as a layer inside it) with its
     * converters, its layers' weights and, for nested models, their own scopes. A nested model is
     * applied once per inbound node of the layer that holds it, each time re-instantiating its layers
     * with the same weights (as Keras calls the same inner layers again).
     */
    private static final class Scope {
        final ModelTopology topology;
        final Map<String, LayerSpec> specs = new LinkedHashMap<>();
        final Map<String, LayerConverter> converters = new HashMap<>();
        /** The registry the layers of this scope were resolved with (user converters included), for wrappers. */
        ConverterRegistry registry = ConverterRegistry.standard();
        final Map<String, LayerWeights> weights = new LinkedHashMap<>();
        final Map<String, Scope> nested = new LinkedHashMap<>();
        /** Seed of random placeholder weights for layers without saved weights, if asked for. */
        final OptionalLong randomSeed;

        private Scope(ModelTopology topology, OptionalLong randomSeed) {
            this.topology = topology;
            this.randomSeed = randomSeed;
            for (LayerSpec l : topology.layers()) {
                specs.put(l.name(), l);
            }
        }

        /** The imported model: each layer's weights come from its own group of the weights file. */
        static Scope root(ModelTopology topology, Optional<WeightStore> store, ConverterRegistry registry,
                OptionalLong randomSeed) {
            Scope s = new Scope(topology, randomSeed);
            Path file = store.map(WeightStore::file).orElse(null);
            for (LayerSpec l : topology.layers()) {
                Optional<List<NamedWeight>> saved = store.map(w -> w.hasLayer(l.name()) ? w.weights(l.name())
                        : List.of());
                s.add(l, saved, file, registry);
            }
            return s;
        }

        /**
         * A model used as a layer. Keras 1.2.2 saves all its weights in one group named after it (in the
         * order of its {@code weights}: every layer's trainable weights, then the non-trainable ones), so
         * each weight goes to the inner layer whose name, followed by {@code _}, starts the weight's name
         * (the longest such name; Keras names weights {@code <layer>_<role>}).
         */
        static Scope nested(LayerSpec holder, Optional<List<NamedWeight>> pool, Path file, ConverterRegistry registry,
                OptionalLong randomSeed) {
            ModelTopology inner = innerTopology(holder);
            Scope s = new Scope(inner, randomSeed);
            Map<String, List<NamedWeight>> byLayer = new LinkedHashMap<>();
            if (pool.isPresent()) {
                Map<String, String> owner = new LinkedHashMap<>();
                collectLeaves(inner, null, owner);
                for (NamedWeight w : pool.get()) {
                    String base = w.name().endsWith(":0") ? w.name().substring(0, w.name().length() - 2) : w.name();
                    String best = null;
                    for (String leaf : owner.keySet()) {
                        if (base.startsWith(leaf + "_") && (best == null || leaf.length() > best.length())) {
                            best = leaf;
                        }
                    }
                    if (best == null) {
                        throw new InvalidModelException((file == null ? "" : file.getFileName() + ": ") + "weight '"
                                + w.name() + "' of nested model '" + holder.name() + "' belongs to none of its layers");
                    }
                    byLayer.computeIfAbsent(owner.get(best), k -> new ArrayList<>()).add(w);
                }
            }
            for (LayerSpec l : inner.layers()) {
                s.add(l, pool.map(p -> byLayer.getOrDefault(l.name(), List.of())), file, registry);
            }
            return s;
        }

        private void add(LayerSpec l, Optional<List<NamedWeight>> saved, Path file, ConverterRegistry registry) {
            this.registry = registry;
            if (isModel(l)) {
                nested.put(l.name(), nested(l, saved, file, registry, randomSeed));
                return;
            }
            if (!l.isInputLayer()) {
                converters.put(l.name(), registry.converterFor(l.config()));
            }
            weights.put(l.name(), saved.isPresent() ? LayerWeights.stored(l.config(), file, saved.get())
                    : randomSeed.isPresent() ? LayerWeights.random(l.config(), randomSeed.getAsLong())
                    : LayerWeights.absent(l.config()));
        }

        /** Weight values of every layer, nested models included (0 for a model without weights). */
        long parameterCount() {
            long n = 0;
            for (LayerWeights w : weights.values()) {
                n += w.parameterCount();
            }
            for (Scope s : nested.values()) {
                n += s.parameterCount();
            }
            return n;
        }

        /** Maps every layer name below {@code t} to the layer of the enclosing scope that contains it. */
        private static void collectLeaves(ModelTopology t, String top, Map<String, String> owner) {
            for (LayerSpec l : t.layers()) {
                String holder = top == null ? l.name() : top;
                if (isModel(l)) {
                    collectLeaves(innerTopology(l), holder, owner);
                } else if (owner.putIfAbsent(l.name(), holder) != null) {
                    throw new InvalidModelException(l.config().where() + ": layer name used twice inside a nested "
                            + "model, its weights cannot be told apart");
                }
            }
        }

        /** Applies every (layer, node) of this scope once its inputs exist, filling {@code produced}. */
        void applyLayers(Map<String, List<List<KerasTensor>>> produced, IrEmitter ir, Settings settings) {
            // Keras lists layers by depth, but a shared layer's later nodes may depend on layers listed after it
            Map<String, Integer> nextNode = new HashMap<>();
            int remaining = 0;
            for (LayerSpec l : topology.layers()) {
                if (!l.isInputLayer()) {
                    nextNode.put(l.name(), 0);
                    produced.put(l.name(), new ArrayList<>());
                    remaining += l.inboundNodes().size();
                    if (l.inboundNodes().isEmpty()) {
                        throw new InvalidModelException(l.config().where() + ": layer has no inbound nodes");
                    }
                }
            }
            while (remaining > 0) {
                boolean progress = false;
                for (LayerSpec l : topology.layers()) {
                    if (l.isInputLayer()) {
                        continue;
                    }
                    int k = nextNode.get(l.name());
                    while (k < l.inboundNodes().size()) {
                        List<KerasTensor> in = resolve(l, l.inboundNodes().get(k), specs, produced);
                        if (in == null) {
                            break;
                        }
                        produced.get(l.name()).add(apply(l, k, in, ir, settings));
                        k++;
                        remaining--;
                        progress = true;
                    }
                    nextNode.put(l.name(), k);
                }
                if (!progress) {
                    throw new InvalidModelException(topology.layers().get(0).config().source()
                            + ": the layer graph has a cycle or references a missing node: " + pending(topology, nextNode));
                }
            }
        }

        private List<KerasTensor> apply(LayerSpec l, int node, List<KerasTensor> in, IrEmitter ir, Settings settings) {
            Scope inner = nested.get(l.name());
            if (inner != null) {
                return inner.call(l, in, ir, settings);
            }
            LayerContext ctx = new LayerContext(l.config(), settings.backend(), settings.imageDimOrdering(),
                    weights.get(l.name()), ir, node, registry);
            try {
                LayerConverter converter = converters.get(l.name());
                List<KerasTensor> out = converter.convert(ctx, in);
                return converter.handlesMasks() ? out : passMask(in, out, ir);
            } catch (ShapeException e) {
                throw new InvalidModelException(l.config().where() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Keras 1.2.2's default {@code compute_mask}: the outputs of a single-input layer carry its
         * input's mask (a layer that supports no masking never receives one in a model Keras built).
         */
        private static List<KerasTensor> passMask(List<KerasTensor> in, List<KerasTensor> out, IrEmitter ir) {
            if (in.size() != 1 || in.get(0).mask() == null) {
                return out;
            }
            String mask = in.get(0).mask();
            int steps = ir.shapeOf(mask).dim(1);
            List<KerasTensor> masked = new ArrayList<>();
            for (KerasTensor t : out) {
                masked.add(t.mask() == null && t.rank() >= 2 && t.shape().dim(1) == steps ? t.withMask(mask) : t);
            }
            return masked;
        }

        /** One application of this nested model to {@code in}: its outputs, in {@code output_layers} order. */
        private List<KerasTensor> call(LayerSpec holder, List<KerasTensor> in, IrEmitter ir, Settings settings) {
            List<TensorRef> inputs = topology.inputs();
            if (in.size() != inputs.size()) {
                throw new InvalidModelException(holder.config().where() + ": the nested model takes " + inputs.size()
                        + " input(s), got " + in.size());
            }
            Map<String, List<List<KerasTensor>>> produced = new HashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                LayerSpec l = specs.get(inputs.get(i).layer());
                if (!l.isInputLayer()) {
                    throw new InvalidModelException(l.config().where() + ": listed in 'input_layers' but is not an "
                            + "InputLayer");
                }
                KerasTensor t = in.get(i);
                int[] declared = l.config().requiredShape("batch_input_shape");
                boolean fits = declared.length == t.rank();
                for (int a = 1; fits && a < declared.length; a++) {
                    fits = declared[a] == -1 || declared[a] == t.shape().dim(a);
                }
                if (!fits) {
                    throw new InvalidModelException(holder.config().where() + ": input " + t.shape()
                            + " does not fit the nested model's input '" + l.name() + "' "
                            + shapeText(declared));
                }
                produced.put(l.name(), List.of(List.of(t)));
            }
            checkInputsListed(topology, produced);
            applyLayers(produced, ir, settings);
            List<KerasTensor> out = new ArrayList<>();
            for (TensorRef ref : topology.outputs()) {
                KerasTensor t = lookup(specs.get(ref.layer()), ref, produced);
                if (t == null) {
                    throw new InvalidModelException(specs.get(ref.layer()).config().where() + ": output " + ref
                            + " does not exist");
                }
                out.add(t);
            }
            return out;
        }

        /** Declares the weights of layers no node used, so that stray saved weights are reported. */
        void finish() {
            for (LayerWeights w : weights.values()) {
                if (!w.declared()) {
                    w.expect();
                }
            }
            nested.values().forEach(Scope::finish);
        }

        /** Elements of the weights of layer {@code name} (all inner layers for a nested model). */
        long parameterCount(String name) {
            Scope inner = nested.get(name);
            if (inner != null) {
                long n = 0;
                for (String l : inner.specs.keySet()) {
                    n += inner.parameterCount(l);
                }
                return n;
            }
            LayerWeights w = weights.get(name);
            return w == null ? 0 : w.parameterCount();
        }

        private static boolean isModel(LayerSpec l) {
            return "Model".equals(l.className()) || "Sequential".equals(l.className());
        }
    }

    private static void checkNoForeignWeights(ModelTopology topology, Optional<WeightStore> weights) {
        if (weights.isEmpty()) {
            return;
        }
        WeightStore store = weights.get();
        for (String layer : store.layerNames()) {
            if (topology.layer(layer).isEmpty() && store.hasLayer(layer) && !store.weights(layer).isEmpty()) {
                throw new InvalidModelException(store.file().getFileName() + ": has weights for layer '" + layer
                        + "', which the model configuration does not contain");
            }
        }
    }

    private static Shape inputShape(LayerConfig cfg, Map<String, List<Integer>> overrides) {
        int[] batchShape = cfg.requiredShape("batch_input_shape");
        if (batchShape.length < 2) {
            throw cfg.invalid("batch_input_shape", "a batch axis and at least one more", cfg.json().get("batch_input_shape"));
        }
        List<Integer> given = overrides.get(cfg.name());
        int[] dims = batchShape.clone();
        dims[0] = Shape.BATCH;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < -1) {
                throw cfg.invalid("batch_input_shape", "positive sizes or null", cfg.json().get("batch_input_shape"));
            }
        }
        if (given != null) {
            if (given.size() != dims.length - 1) {
                throw new keras1j.errors.InvalidInputException("input shape given for '" + cfg.name() + "' has "
                        + given.size() + " axes, the model declares " + (dims.length - 1) + " "
                        + shapeText(batchShape));
            }
            for (int i = 1; i < dims.length; i++) {
                int g = given.get(i - 1);
                if (dims[i] != -1 && dims[i] != g) {
                    throw new keras1j.errors.InvalidInputException("input shape given for '" + cfg.name()
                            + "' conflicts with the declared " + shapeText(batchShape) + " at axis " + i);
                }
                dims[i] = g;
            }
        }
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] < 1 && dims[i] != Shape.UNKNOWN) {
                throw cfg.invalid("batch_input_shape", "positive sizes", cfg.json().get("batch_input_shape"));
            }
        }
        return Shape.of(dims);
    }

    /** {@code D1,D2,...} for {@code n} axes, for messages. */
    private static String sizesPattern(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            sb.append(i > 1 ? "," : "").append('D').append(i);
        }
        return sb.toString();
    }

    private static String shapeText(int[] batchShape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < batchShape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(batchShape[i] < 0 ? "None" : Integer.toString(batchShape[i]));
        }
        return sb.append(')').toString();
    }

    /** The input tensors of one node, or null while some are not produced yet. */
    private static List<KerasTensor> resolve(LayerSpec layer, List<TensorRef> refs, Map<String, LayerSpec> specs,
            Map<String, List<List<KerasTensor>>> produced) {
        List<KerasTensor> in = new ArrayList<>();
        for (TensorRef r : refs) {
            LayerSpec src = specs.get(r.layer());
            if (src == null) {
                throw new InvalidModelException(layer.config().where() + ": inbound node references unknown layer '"
                        + r.layer() + "'");
            }
            if (r.nodeIndex() >= Math.max(1, src.inboundNodes().size())) {
                throw new InvalidModelException(layer.config().where() + ": inbound node references " + r
                        + ", but '" + r.layer() + "' has " + Math.max(1, src.inboundNodes().size()) + " node(s)");
            }
            KerasTensor t = lookup(src, r, produced);
            if (t == null) {
                return null;
            }
            in.add(t);
        }
        return in;
    }

    private static KerasTensor lookup(LayerSpec src, TensorRef r, Map<String, List<List<KerasTensor>>> produced) {
        List<List<KerasTensor>> nodes = produced.get(src.name());
        if (nodes == null || r.nodeIndex() >= nodes.size()) {
            return null;
        }
        List<KerasTensor> outs = nodes.get(r.nodeIndex());
        if (r.tensorIndex() >= outs.size()) {
            throw new InvalidModelException(src.config().where() + ": reference " + r + " to output "
                    + r.tensorIndex() + ", but the layer has " + outs.size());
        }
        return outs.get(r.tensorIndex());
    }

    private static String pending(ModelTopology topology, Map<String, Integer> nextNode) {
        List<String> p = new ArrayList<>();
        for (LayerSpec l : topology.layers()) {
            Integer k = nextNode.get(l.name());
            if (k != null && k < l.inboundNodes().size()) {
                p.add(l.name() + "[" + k + "] <- " + l.inboundNodes().get(k));
            }
        }
        return String.join("; ", p);
    }
}
