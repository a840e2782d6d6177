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
 *
 * <p>A {@link #timeDistributed time-distributed} emitter is a view of the same graph in which every
 * value has a hidden time axis at IR axis 1: shapes are reported without it and every op added is
 * {@link TimeLifting lifted} to apply to each step. Converters run unchanged through such a view;
 * this is how Keras' {@code TimeDistributed} wraps any layer.
 */
public final class IrEmitter {
    private final GraphBuilder builder;
    private final Map<String, String> layoutCache = new HashMap<>();
    /** Size of the hidden time axis, 0 when none. */
    private final int hiddenSteps;

    public IrEmitter(GraphBuilder builder) {
        this(builder, 0);
    }

    private IrEmitter(GraphBuilder builder, int hiddenSteps) {
        this.builder = builder;
        this.hiddenSteps = hiddenSteps;
    }

    /**
     * A view of this emitter's graph with a hidden time axis of {@code steps} at IR axis 1.
     *
     * @throws keras1j.errors.UnsupportedFeatureException if this emitter already hides one
     */
    public IrEmitter timeDistributed(int steps) {
        if (hiddenSteps != 0) {
            throw new keras1j.errors.UnsupportedFeatureException("TimeDistributed inside TimeDistributed is not supported");
        }
        return new IrEmitter(builder, steps);
    }

    public GraphBuilder builder() {
        return builder;
    }

    /** Adds {@code op} under a fresh name derived from {@code name}; returns the value name. */
    public String add(String name, Op op, String... inputs) {
        Op actual = hiddenSteps == 0 ? op : TimeLifting.lift(op, hiddenSteps);
        return builder.add(builder.uniqueName(name), actual, inputs);
    }

    /** The shape of {@code value} (without the hidden time axis in a time-distributed view). */
    public Shape shapeOf(String value) {
        Shape s = builder.shapeOf(value);
        if (hiddenSteps == 0) {
            return s;
        }
        int[] d = s.dims();
        int[] out = new int[d.length - 1];
        out[0] = d[0];
        System.arraycopy(d, 2, out, 1, out.length - 1);
        return Shape.of(out);
    }

    /** A Keras tensor for IR value {@code value} whose layout is {@code perm}. */
    public KerasTensor tensor(String value, int[] perm) {
        Shape ir = shapeOf(value);
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
