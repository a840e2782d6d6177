package keras1j.runtime.ir.pass;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.tensor.Tensor;

/**
 * Folds a per-channel affine map (inference-time batch normalization) into the convolution,
 * transposed convolution or dense layer before it: {@code (x*W + b)*s + t = x*(W*s) + (b*s + t)},
 * with {@code s} and {@code t} applied per output channel (the last axis). The affine node keeps its
 * name and now computes the folded product from the producer's inputs; the producer disappears. It
 * applies only when the affine acts on the producer's last axis and is the producer's only reader,
 * and the producer's value is neither a graph output nor kept. Results equal the unfolded graph's up
 * to float rounding (one multiplication moved into the weights). Stateless.
 */
public final class FoldChannelAffine implements GraphPass {

    /** The pass (stateless). */
    public FoldChannelAffine() {
    }

    @Override
    public String name() {
        return "fold-channel-affine";
    }

    @Override
    public Graph apply(Graph graph, Set<String> keep) {
        Map<String, Integer> consumers = Rewrite.consumers(graph);
        Set<String> pinned = Rewrite.pinned(graph, keep);
        Map<String, Node> byName = new HashMap<>();
        for (Node n : graph.nodes()) {
            byName.put(n.name(), n);
        }
        Map<String, Rewrite.Spec> folded = new HashMap<>();
        java.util.Set<String> removed = new java.util.HashSet<>();
        for (Node n : graph.nodes()) {
            if (!(n.op() instanceof ChannelAffine a) || n.inputs().size() != 1) {
                continue;
            }
            Node p = byName.get(n.inputs().get(0));
            if (p == null || pinned.contains(p.name()) || consumers.getOrDefault(p.name(), 0) != 1
                    || a.axis() != p.shape().rank() - 1) {
                continue;
            }
            Op op = fold(p.op(), a);
            if (op != null) {
                folded.put(n.name(), new Rewrite.Spec(n.name(), op, p.inputs()));
                removed.add(p.name());
            }
        }
        if (folded.isEmpty()) {
            return graph;
        }
        List<Rewrite.Spec> specs = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!removed.contains(n.name())) {
                specs.add(folded.getOrDefault(n.name(), Rewrite.Spec.of(n)));
            }
        }
        return Rewrite.build(graph, specs);
    }

    /** {@code op} followed by {@code a} as one op, or null if {@code op} is not foldable. */
    static Op fold(Op op, ChannelAffine a) {
        if (op instanceof Conv c) {
            return new Conv(scaled(c.kernel(), a.scale()), bias(c.bias(), a), c.strides(), c.dilations(), c.padsBegin(),
                    c.padsEnd(), c.groups());
        }
        if (op instanceof ConvTranspose c) {
            return new ConvTranspose(scaled(c.kernel(), a.scale()), bias(c.bias(), a), c.strides(), c.padsBegin(),
                    c.outputSize());
        }
        if (op instanceof Dense d) {
            return new Dense(scaled(d.weights(), a.scale()), bias(d.bias(), a));
        }
        return null;
    }

    /**
     * {@code w} with every element of last-axis index {@code c} multiplied by {@code scale[c]}, as a lazy
     * tensor: the values are made when a consumer reads them (an engine packing its weights, an ONNX
     * model being written) from {@code w}'s values read without keeping them in {@code w}, so that
     * folding does not hold a second copy of the weights.
     */
    private static Tensor scaled(Tensor w, float[] scale) {
        return Tensor.lazy(() -> {
            float[] d = w.readData().clone();
            int n = scale.length;
            for (int i = 0; i < d.length; i += n) {
                for (int c = 0; c < n; c++) {
                    d[i + c] *= scale[c];
                }
            }
            return d;
        }, w.shape());
    }

    private static float[] bias(float[] bias, ChannelAffine a) {
        float[] b = new float[a.scale().length];
        for (int c = 0; c < b.length; c++) {
            b[c] = (bias == null ? 0f : bias[c]) * a.scale()[c] + a.shift()[c];
        }
        return b;
    }
}
