package keras1j.keras.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keras1j.errors.InvalidModelException;
import keras1j.keras.Backend;
import keras1j.keras.DimOrdering;
import keras1j.keras.config.LayerSpec;
import keras1j.keras.config.ModelTopology;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;

/**
 * Decides the backend and the global image dim ordering of an import, with a human-readable reason.
 * Stateless and thread-safe.
 */
public final class ImportSettings {
    private ImportSettings() {
    }

    /**
     * The backend: the user's choice, else inferred from the weight names (TensorFlow saves variables
     * as {@code name:0}, Theano as {@code name}), else TensorFlow.
     *
     * @throws InvalidModelException if the weight names mix both conventions
     */
    public static Resolved<Backend> backend(Optional<Backend> override, Optional<WeightStore> weights) {
        if (override.isPresent()) {
            return new Resolved<>(override.get(), "set by the user");
        }
        if (weights.isEmpty()) {
            return new Resolved<>(Backend.TENSORFLOW, "no weights: defaulted to tensorflow");
        }
        WeightStore store = weights.get();
        String tf = null;
        String th = null;
        for (String layer : store.layerNames()) {
            if (!store.hasLayer(layer)) {
                continue;
            }
            for (NamedWeight w : store.weights(layer)) {
                if (w.name().endsWith(":0")) {
                    tf = tf == null ? w.name() : tf;
                } else {
                    th = th == null ? w.name() : th;
                }
            }
        }
        if (tf != null && th != null) {
            throw new InvalidModelException(store.file().getFileName() + ": weight names mix the TensorFlow form ('"
                    + tf + "') and the Theano form ('" + th + "'); cannot tell the backend, set it explicitly");
        }
        if (tf != null) {
            return new Resolved<>(Backend.TENSORFLOW, "inferred from weight names ending in ':0' (" + tf + ")");
        }
        if (th != null) {
            return new Resolved<>(Backend.THEANO, "inferred from weight names without ':0' (" + th + ")");
        }
        return new Resolved<>(Backend.TENSORFLOW, "no weight names to infer it from: defaulted to tensorflow");
    }

    /**
     * The global {@code image_dim_ordering} used by layers that do not save their own: the user's
     * choice, else the ordering the model's other layers record (Keras defaults those to the same
     * global setting; the majority wins, the first layer on a tie; layers of models used as layers
     * count too), else {@code tf}.
     */
    public static Resolved<DimOrdering> dimOrdering(Optional<DimOrdering> override, ModelTopology topology) {
        if (override.isPresent()) {
            return new Resolved<>(override.get(), "set by the user");
        }
        Map<DimOrdering, List<String>> seen = new LinkedHashMap<>();
        for (LayerSpec l : allLayers(topology, new ArrayList<>())) {
            Optional<String> d = recordedDimOrdering(l.config().json());
            if (d.isEmpty()) {
                continue;
            }
            DimOrdering o = "th".equals(d.get()) ? DimOrdering.TH : "tf".equals(d.get()) ? DimOrdering.TF : null;
            if (o != null) {
                seen.computeIfAbsent(o, k -> new ArrayList<>()).add(l.name());
            }
        }
        if (seen.isEmpty()) {
            return new Resolved<>(DimOrdering.TF, "no layer records dim_ordering: defaulted to tf (the Keras 1.2 default)");
        }
        if (seen.size() == 1) {
            Map.Entry<DimOrdering, List<String>> e = seen.entrySet().iterator().next();
            List<String> names = e.getValue();
            return new Resolved<>(e.getKey(), "inferred from the dim_ordering '" + e.getKey().keras() + "' recorded by "
                    + describe(names));
        }
        List<String> th = seen.get(DimOrdering.TH);
        List<String> tf = seen.get(DimOrdering.TF);
        DimOrdering chosen;
        if (th.size() != tf.size()) {
            chosen = th.size() > tf.size() ? DimOrdering.TH : DimOrdering.TF;
        } else {
            chosen = seen.keySet().iterator().next();
        }
        return new Resolved<>(chosen, "inferred from recorded dim_orderings that disagree: 'th' by " + describe(th)
                + ", 'tf' by " + describe(tf) + "; using '" + chosen.keras() + "' ("
                + (th.size() != tf.size() ? "the majority" : "the first layer's") + ")");
    }

    /** The {@code dim_ordering} a layer configuration records, or that of the layer it wraps (TimeDistributed). */
    private static Optional<String> recordedDimOrdering(com.fasterxml.jackson.databind.JsonNode config) {
        com.fasterxml.jackson.databind.JsonNode d = config.get("dim_ordering");
        if (d != null && d.isTextual()) {
            return Optional.of(d.asText());
        }
        com.fasterxml.jackson.databind.JsonNode wrapped = config.path("layer").path("config");
        return wrapped.isObject() ? recordedDimOrdering(wrapped) : Optional.empty();
    }

    /** The layers of {@code topology} and, in place of models used as layers, their own layers. */
    private static List<LayerSpec> allLayers(ModelTopology topology, List<LayerSpec> out) {
        for (LayerSpec l : topology.layers()) {
            if ("Model".equals(l.className()) || "Sequential".equals(l.className())) {
                allLayers(ModelAssembler.innerTopology(l), out);
            } else {
                out.add(l);
            }
        }
        return out;
    }

    private static String describe(List<String> names) {
        if (names.size() == 1) {
            return "layer '" + names.get(0) + "'";
        }
        return names.size() + " layers ('" + names.get(0) + "', ...)";
    }
}
