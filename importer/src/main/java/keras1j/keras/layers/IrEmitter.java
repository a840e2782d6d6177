package keras1j.keras.layers;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Transpose;

/**
 * Adds nodes to the graph under construction and converts Keras tensors between IR layouts,
 * inserting at most one {@link Transpose} per (value, layout) pair. One per import; not thread-safe.
 */
public final class IrEmitter {
    private final GraphBuilder builder;
    private final Map<String, String> layoutCache = new HashMap<>();

    public IrEmitter(GraphBuilder builder) {
        this.builder = builder;
    }

    public GraphBuilder builder() {
        return builder;
    }

    /** Adds {@code op} under a fresh name derived from {@code name}; returns the value name. */
    public String add(String name, Op op, String... inputs) {
        return builder.add(builder.uniqueName(name), op, inputs);
    }

    public Shape shapeOf(String value) {
        return builder.shapeOf(value);
    }

    /** A Keras tensor for IR value {@code value} whose layout is {@code perm}. */
    public KerasTensor tensor(String value, int[] perm) {
        Shape ir = builder.shapeOf(value);
        int[] logical = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            logical[perm[i]] = ir.dim(i);
        }
        return new KerasTensor(value, Shape.of(logical), perm);
    }

    /**
     * The IR value holding {@code t} in layout {@code target} ({@code Transpose(logical, target)}):
     * {@code t}'s own value when the layouts agree, else a cached Transpose of it.
     */
    public String valueIn(KerasTensor t, int[] target) {
        int[] current = t.perm();
        if (Arrays.equals(current, target)) {
            return t.value();
        }
        // value = T(L, current); want T(L, target) = T(value, q) with q[i] = inv(current)[target[i]]
        int[] q = Layouts.compose(Layouts.inverse(current), target);
        String key = t.value() + Arrays.toString(q);
        String cached = layoutCache.get(key);
        if (cached != null) {
            return cached;
        }
        String name = add(t.value() + "/transpose", new Transpose(q), t.value());
        layoutCache.put(key, name);
        return name;
    }
}
