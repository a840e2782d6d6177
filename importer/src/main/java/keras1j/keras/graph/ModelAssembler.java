package keras1j.keras.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import keras1j.errors.InvalidModelException;
import keras1j.errors.ShapeException;
import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.LayerSummary;
import keras1j.keras.LayerTap;
import keras1j.keras.config.LayerConfig;
import keras1j.keras.config.LayerSpec;
import keras1j.keras.config.ModelTopology;
import keras1j.keras.config.TensorRef;
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

    /** The settings of one assembly. */
    public record Settings(Backend backend, DimOrdering imageDimOrdering, Map<String, List<Integer>> inputShapes,
            Map<String, String> metadata) {
    }

    /**
     * Builds the graph.
     *
     * @throws keras1j.errors.UnsupportedFeatureException for an unknown layer class or an unsupported argument
     * @throws InvalidModelException for inconsistent configurations or weights
     */
    public static Result assemble(ModelTopology topology, Optional<WeightStore> weights, Settings settings,
            ConverterRegistry registry) {
        Map<String, LayerConverter> converters = new HashMap<>();
        for (LayerSpec l : topology.layers()) {
            if (!l.isInputLayer()) {
                converters.put(l.name(), registry.converterFor(l.config()));
            }
        }
        GraphBuilder builder = new GraphBuilder();
        IrEmitter ir = new IrEmitter(builder);
        Map<String, List<List<KerasTensor>>> produced = new HashMap<>();
        Map<String, LayerWeights> layerWeights = new LinkedHashMap<>();
        Map<String, LayerSpec> specs = new LinkedHashMap<>();
        for (LayerSpec l : topology.layers()) {
            specs.put(l.name(), l);
            layerWeights.put(l.name(), weightsOf(l.config(), weights));
        }

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
        for (LayerSpec l : topology.layers()) {
            if (l.isInputLayer() && !produced.containsKey(l.name())) {
                throw new InvalidModelException(l.config().where() + ": input layer is not listed in 'input_layers'");
            }
        }

        // apply every (layer, node) once its inputs exist; Keras lists layers by depth, but a shared
        // layer's later nodes may depend on layers listed after it
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
                    LayerContext ctx = new LayerContext(l.config(), settings.backend(), settings.imageDimOrdering(),
                            layerWeights.get(l.name()), ir, k);
                    List<KerasTensor> out;
                    try {
                        out = converters.get(l.name()).convert(ctx, in);
                    } catch (ShapeException e) {
                        throw new InvalidModelException(l.config().where() + ": " + e.getMessage(), e);
                    }
                    produced.get(l.name()).add(out);
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
        for (LayerSpec l : topology.layers()) {
            LayerWeights w = layerWeights.get(l.name());
            if (!w.declared()) {
                w.expect();
            }
        }
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
            for (List<TensorRef> node : l.inboundNodes()) {
                for (TensorRef r : node) {
                    inbound.add(r.layer());
                }
            }
            summaries.add(new LayerSummary(l.name(), l.className(), shapes, layerWeights.get(l.name()).parameterCount(),
                    inbound));
        }
        return new Result(graph, summaries, taps, inputNames, outputNames);
    }

    private static LayerWeights weightsOf(LayerConfig cfg, Optional<WeightStore> weights) {
        if (weights.isEmpty()) {
            return LayerWeights.absent(cfg);
        }
        WeightStore store = weights.get();
        Path file = store.file();
        return LayerWeights.stored(cfg, file, store.hasLayer(cfg.name()) ? store.weights(cfg.name()) : List.of());
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
            if (dims[i] == -1) {
                throw new keras1j.errors.UnsupportedFeatureException(cfg.where() + ": input has an open size (None) at axis "
                        + i + " of " + shapeText(batchShape) + "; give the actual input shape (ImportOptions.withInputShape)");
            }
            if (dims[i] < 1) {
                throw cfg.invalid("batch_input_shape", "positive sizes", cfg.json().get("batch_input_shape"));
            }
        }
        return Shape.of(dims);
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
