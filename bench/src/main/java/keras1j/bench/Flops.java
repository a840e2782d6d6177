package keras1j.bench;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;

/**
 * Floating-point work of a graph: {@code 2 x} the multiply-accumulates of its {@link Conv},
 * {@link ConvTranspose} and {@link Dense} ops (everything else is ignored, as is usual for GFLOP/s
 * figures). A transposed convolution counts every input-times-kernel product, including those that
 * land outside the cropped output. Stateless.
 */
public final class Flops {
    private Flops() {
    }

    /** Floating-point operations of one {@code predict} at {@code batch}. */
    public static long of(Graph graph, int batch) {
        long macs = 0;
        for (Node n : graph.nodes()) {
            macs += macsPerSample(graph, n);
        }
        return 2 * macs * batch;
    }

    /** Multiply-accumulates of one node for one sample (0 for ops that are not counted). */
    static long macsPerSample(Graph graph, Node node) {
        if (node.op() instanceof Conv c) {
            int r = c.spatialRank();
            long positions = product(node.shape().sampleDims(), 0, r);
            long window = product(c.kernel().shape(), 0, r) * c.kernel().dim(-2);
            return positions * window * c.outChannels();
        }
        if (node.op() instanceof ConvTranspose t) {
            int r = t.spatialRank();
            int[] in = graph.shapeOf(node.inputs().get(0)).sampleDims();
            return product(in, 0, r) * product(t.kernel().shape(), 0, r) * t.kernel().dim(-2) * t.outChannels();
        }
        if (node.op() instanceof Dense d) {
            int[] out = node.shape().sampleDims();
            long rows = product(out, 0, out.length - 1);
            return rows * d.weights().dim(0) * d.weights().dim(1);
        }
        return 0;
    }

    private static long product(int[] dims, int from, int to) {
        long p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }
}
