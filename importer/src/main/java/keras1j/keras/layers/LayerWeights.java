package keras1j.keras.layers;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import keras1j.errors.InvalidModelException;
import keras1j.keras.config.LayerConfig;
import keras1j.keras.io.NamedWeight;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;

/**
 * The saved weights of one layer, checked against what its configuration implies. A converter first
 * declares the weights it takes ({@link #expect}), then fetches each with the shape the configuration
 * implies ({@link #get}); a missing or extra weight, or a shape mismatch, is an
 * {@link InvalidModelException} naming the file, the layer and the weight. For an architecture-only
 * import every weight is a zero tensor of the implied shape, so shapes can still be inferred (the
 * graph is then marked as having no weights, and engines refuse it), or, when asked for, seeded
 * random values ({@link #random}).
 * One instance per layer, shared by all its applications (the same tensors are returned each time).
 * Not thread-safe; used during a single import.
 */
public final class LayerWeights {
    private final LayerConfig layer;
    private final Path file;
    private final List<NamedWeight> stored;
    /** Seed of random placeholder weights, or null for zeros (used only when {@code stored} is null). */
    private final Long seed;
    private final Map<Integer, Tensor> fetched = new HashMap<>();
    private final Map<Long, LayerWeights> parts = new HashMap<>();
    private LayerWeights parent;
    private String[] roles;
    private long parameterCount;

    private LayerWeights(LayerConfig layer, Path file, List<NamedWeight> stored, Long seed) {
        this.layer = layer;
        this.file = file;
        this.stored = stored == null ? null : List.copyOf(stored);
        this.seed = seed;
    }

    /** Weights read from {@code file} (in {@code weight_names} order). */
    public static LayerWeights stored(LayerConfig layer, Path file, List<NamedWeight> weights) {
        return new LayerWeights(layer, file, weights, null);
    }

    /** No weights file: every weight is zeros of the shape the configuration implies. */
    public static LayerWeights absent(LayerConfig layer) {
        return new LayerWeights(layer, null, null, null);
    }

    /**
     * No weights file, random weights asked for: every weight has the shape the configuration
     * implies and seeded random values, the same for the same seed, layer name and weight role
     * (whatever the order of fetching): uniform in [-0.05, 0.05] (Keras' {@code uniform}
     * initializer), and 1 + that for {@code gamma} and {@code running_std} (a variance, which must
     * stay positive), which Keras initializes to ones.
     */
    public static LayerWeights random(LayerConfig layer, long seed) {
        return new LayerWeights(layer, null, null, seed);
    }

    /** True when real weights were loaded. */
    public boolean present() {
        return stored != null;
    }

    /** Number of weights saved for the layer (0 when absent). */
    public int storedCount() {
        return stored == null ? 0 : stored.size();
    }

    /** True once {@link #expect} has been called. */
    public boolean declared() {
        return roles != null;
    }

    /**
     * Declares the weights the layer takes, in saved order, by role (e.g. {@code W}, {@code b}).
     *
     * @throws InvalidModelException if the file holds a different number of weights for the layer
     */
    public void expect(String... roles) {
        if (this.roles != null) {
            if (!Arrays.equals(this.roles, roles)) {
                throw new IllegalStateException("weights of " + layer.where() + " declared twice differently");
            }
            return;
        }
        this.roles = roles.clone();
        if (stored != null && stored.size() != roles.length) {
            String names = stored.isEmpty() ? "none"
                    : stored.stream().map(NamedWeight::name).collect(Collectors.joining(", "));
            throw new InvalidModelException(prefix() + layer.layerRef() + ": expected " + roles.length + " weight"
                    + (roles.length == 1 ? "" : "s") + (roles.length == 0 ? "" : " (" + String.join(", ", roles) + ")")
                    + " for this configuration, the file has " + stored.size() + " (" + names + ")");
        }
    }

    /** The saved shape of weight {@code index}, empty for an architecture-only import. */
    public Optional<int[]> storedShape(int index) {
        checkIndex(index);
        return stored == null ? Optional.empty() : Optional.of(stored.get(index).value().shape());
    }

    /**
     * Weight {@code index} (as declared with {@link #expect}), which must have {@code shape}.
     *
     * @throws InvalidModelException naming file, layer and weight on a shape mismatch
     */
    public Tensor get(int index, int... shape) {
        checkIndex(index);
        for (int d : shape) {
            if (d < 0) {
                throw layer.unsupported("the shape of weight '" + name(index) + "' depends on an axis the input leaves "
                        + "open (None): give the input shape (ImportOptions.withInputShape)");
            }
        }
        Tensor t = fetched.get(index);
        if (t != null) {
            if (!Arrays.equals(t.shape(), shape)) {
                throw new InvalidModelException(layer.where() + ": shared layer applied to inputs that need weight '"
                        + name(index) + "' of shape " + tuple(t.shape()) + " and " + tuple(shape));
            }
            return t;
        }
        if (stored == null) {
            t = seed != null ? randomTensor(index, shape) : Tensor.of(MemoryBudget.newFloats(Tensor.elementCount(shape),
                    layer.where() + ": weight '" + name(index) + "' " + tuple(shape) + " (zeros: no weights file)"), shape);
        } else {
            NamedWeight w = stored.get(index);
            if (!Arrays.equals(w.value().shape(), shape)) {
                throw new InvalidModelException(prefix() + layer.layerRef() + ": weight '" + w.name() + "' has shape "
                        + tuple(w.value().shape()) + ", the layer configuration implies " + tuple(shape));
            }
            t = w.value();
        }
        fetched.put(index, t);
        for (LayerWeights w = this; w != null; w = w.parent) {
            w.parameterCount += t.size();
        }
        return t;
    }

    /**
     * The weights of a layer that this (wrapper) layer holds: Keras 1.2.2 wrappers save the wrapped
     * layers' weights in their own group, {@code [from, to)} of the saved list for {@code inner}
     * (ignored for an architecture-only import). Weights fetched from the part count for this layer.
     * The same part is returned for the same range, so a shared wrapper reuses its tensors. This
     * layer's own weights are then declared as exactly the saved ones.
     *
     * @throws InvalidModelException if the range does not fit the saved weights
     */
    public LayerWeights part(LayerConfig inner, int from, int to) {
        if (roles == null) {
            String[] wrapped = new String[storedCount()];
            for (int i = 0; i < wrapped.length; i++) {
                wrapped[i] = "wrapped_" + i;
            }
            expect(wrapped);
        }
        if (stored != null && (from < 0 || to > stored.size() || from > to)) {
            throw new InvalidModelException(prefix() + layer.layerRef() + ": the wrapped layer '" + inner.name()
                    + "' needs weights " + from + ".." + (to - 1) + ", the file has " + stored.size());
        }
        return parts.computeIfAbsent(((long) from << 32) | to, k -> {
            LayerWeights p = new LayerWeights(inner, file, stored == null ? null : stored.subList(from, to), seed);
            p.parent = this;
            return p;
        });
    }

    /** The saved name of weight {@code index} (or the layer name and role when absent), for messages. */
    public String name(int index) {
        checkIndex(index);
        return stored == null ? layer.name() + "_" + roles[index] : stored.get(index).name();
    }

    /** Elements of all weights fetched so far (Keras {@code count_params}). */
    public long parameterCount() {
        return parameterCount;
    }

    /** Keras-style tuple text: {@code (3, 3, 1, 32)}. */
    public static String tuple(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return sb.append(shape.length == 1 ? ",)" : ")").toString();
    }

    private Tensor randomTensor(int index, int[] shape) {
        String role = roles[index];
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(
                seed * 0x9E3779B97F4A7C15L ^ (layer.name() + "/" + role).hashCode());
        float offset = role.equals("gamma") || role.equals("running_std") ? 1f : 0f;
        float[] d = MemoryBudget.newFloats(Tensor.elementCount(shape), layer.where() + ": weight '" + name(index)
                + "' " + tuple(shape) + " (random: no weights file)");
        for (int i = 0; i < d.length; i++) {
            d[i] = offset + (float) (rnd.nextDouble() * 0.1 - 0.05);
        }
        return Tensor.of(d, shape);
    }

    private void checkIndex(int index) {
        if (roles == null) {
            throw new IllegalStateException("weights of " + layer.where() + " used before expect()");
        }
        if (index < 0 || index >= roles.length) {
            throw new IllegalStateException("weight index " + index + " outside the declared " + roles.length);
        }
    }

    private String prefix() {
        return file == null ? "" : file.getFileName() + ": ";
    }
}
