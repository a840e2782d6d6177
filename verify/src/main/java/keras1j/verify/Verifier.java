package keras1j.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.LayerSummary;
import keras1j.keras.LayerTap;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;

/**
 * Checks an imported model against an {@code io.h5} of reference inputs and outputs. Stateless and
 * thread-safe (as far as the engine is).
 */
public final class Verifier {
    private static final String LAYER_OUTPUTS = "layer_outputs";
    private static final java.util.regex.Pattern SEQUENTIAL_INPUT = java.util.regex.Pattern.compile("(.+_input_)\\d+");

    private Verifier() {
    }

    /**
     * Runs {@code engine} on {@code io}'s inputs and compares every model output; when an output fails
     * and {@code io} holds {@code layer_outputs}, finds the first diverging layer.
     */
    public static VerifyReport verify(ImportedModel model, Engine engine, Path io, double rtol, double atol) {
        return verify(model, engine, io, rtol, atol, false);
    }

    /**
     * Like {@link #verify(ImportedModel, Engine, Path, double, double)}, and with {@code allLayers}
     * also compares every layer that has a reference in {@code layer_outputs}, pass or fail (for
     * {@link VerifyReport#layers()}; costs one more engine run).
     */
    public static VerifyReport verify(ImportedModel model, Engine engine, Path io, double rtol, double atol,
            boolean allLayers) {
        Map<String, Tensor> inputs = Hdf5Tensors.readGroup(io, "inputs");
        Map<String, Tensor> expected = Hdf5Tensors.readGroup(io, "outputs");
        Map<String, Tensor> actual = engine.predict(modelInputs(model, inputs, io));
        List<Comparison> results = new ArrayList<>();
        for (String out : model.outputNames()) {
            Tensor want = expected.get(out);
            if (want == null) {
                throw new InvalidInputException(io + ": no reference dataset 'outputs/" + out + "' for model output '"
                        + out + "' (has " + expected.keySet() + ")");
            }
            results.add(Comparison.of(out, actual.get(out), want, rtol, atol));
        }
        boolean passed = results.stream().allMatch(Comparison::passed);
        List<Comparison> layers = List.of();
        if ((allLayers || !passed) && Hdf5Tensors.hasGroup(io, LAYER_OUTPUTS)) {
            layers = compareLayers(model, engine, inputs, Hdf5Tensors.readGroup(io, LAYER_OUTPUTS), rtol, atol,
                    !allLayers);
        }
        Optional<Comparison> divergence = passed ? Optional.empty()
                : layers.stream().filter(c -> !c.passed()).findFirst();
        return new VerifyReport(results, divergence, allLayers ? layers : List.of());
    }

    /**
     * {@code base} with the sample shapes of {@code inputs} for every input name, so that models
     * declared with open sizes ({@code None}, e.g. variable-length sequences) import for the data at
     * hand. Declared sizes still have to agree.
     */
    public static ImportOptions withInputShapesOf(ImportOptions base, Map<String, Tensor> inputs) {
        ImportOptions o = base;
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            int[] shape = e.getValue().shape();
            if (shape.length > 1) {
                o = o.withInputShape(e.getKey(), java.util.Arrays.copyOfRange(shape, 1, shape.length));
            }
        }
        return o;
    }

    /** The model's inputs taken from {@code available}; a missing one is an error naming the file. */
    public static Map<String, Tensor> modelInputs(ImportedModel model, Map<String, Tensor> available, Path file) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String name : model.inputNames()) {
            Tensor t = available.containsKey(name) ? available.get(name) : sequentialInputNumberedElse(name, available);
            if (t == null) {
                throw new InvalidInputException(file + ": no dataset 'inputs/" + name + "' for model input '" + name
                        + "' (has " + available.keySet() + ")");
            }
            in.put(name, t);
        }
        return in;
    }

    /**
     * A Sequential model's input layer is not saved: Keras names it {@code <first layer>_input_<n>}
     * with a per-session counter {@code n}, and keras1j calls it {@code ..._input_1}. An input file
     * written in a session where {@code n} was another number still matches when exactly one dataset
     * differs only in that number.
     */
    private static Tensor sequentialInputNumberedElse(String name, Map<String, Tensor> available) {
        java.util.regex.Matcher m = SEQUENTIAL_INPUT.matcher(name);
        if (!m.matches()) {
            return null;
        }
        List<String> candidates = available.keySet().stream()
                .filter(k -> k.startsWith(m.group(1)) && k.substring(m.group(1).length()).matches("\\d+")).toList();
        return candidates.size() == 1 ? available.get(candidates.get(0)) : null;
    }

    /** Layer comparisons in model order; with {@code stopAtFailure} up to the first failing one. */
    private static List<Comparison> compareLayers(ImportedModel model, Engine engine, Map<String, Tensor> inputs,
            Map<String, Tensor> references, double rtol, double atol, boolean stopAtFailure) {
        Map<String, LayerTap> taps = new LinkedHashMap<>();
        for (LayerSummary layer : model.layers()) {
            LayerTap tap = model.taps().get(layer.name());
            if (tap != null && references.containsKey(layer.name())) {
                taps.put(layer.name(), tap);
            }
        }
        if (taps.isEmpty()) {
            return List.of();
        }
        List<String> values = taps.values().stream().map(LayerTap::value).distinct().toList();
        Map<String, Tensor> got = engine.evaluate(modelInputs(model, inputs, Path.of("io")), values);
        List<Comparison> out = new ArrayList<>();
        for (Map.Entry<String, LayerTap> e : taps.entrySet()) {
            Tensor value = got.get(e.getValue().value());
            if (e.getValue().toKeras() != null) {
                value = Tensors.transpose(value, e.getValue().toKeras());
            }
            Comparison c = Comparison.of(e.getKey(), value, references.get(e.getKey()), rtol, atol);
            out.add(c);
            if (stopAtFailure && !c.passed()) {
                break;
            }
        }
        return out;
    }
}
