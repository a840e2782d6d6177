package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.List;

import keras1j.runtime.ir.Graph;

/**
 * What one kind of call executes: the nodes needed for the requested values, residual sums and
 * activations fused into their producers, and the buffer liveness (which array each value lives in and how many
 * reads remain before it can be recycled). Value ids: graph inputs first, then nodes in order.
 * Immutable; shared by concurrent calls.
 */
final class Schedule {
    /** Node indices to execute, in topological order. */
    final int[] nodes;
    /** Per node: an activation applied in the node's epilogue, or null. */
    final Act[] fused;
    /**
     * Per node: the values its step reads, in order: the node's inputs, plus, for a step into which a
     * residual sum was fused ({@link Step#fusesAdd()}), the sum's other operand.
     */
    final int[][] inputs;
    /** Per value: for an alias, the value whose array it takes; else itself. */
    final int[] source;
    /** Per value: the value whose array holds it (itself unless it aliases its input). */
    final int[] root;
    /** Per root value: reads by executed nodes before its array is dead. */
    final int[] uses;
    /** Per root value: kept after the call (requested, or a caller's input array). */
    final boolean[] pinned;
    /** Per root value: a caller's input array, never written or recycled. */
    final boolean[] external;
    /** Per value: true if no step runs for it (a reshape or a fused activation). */
    final boolean[] alias;
    /** Requested value ids, in request order. */
    final int[] requested;

    Schedule(Graph graph, Step[] steps, int[][] nodeInputs, int[] requested, boolean fuse) {
        int nIn = graph.inputs().size();
        int nNodes = steps.length;
        int nValues = nIn + nNodes;
        this.requested = requested.clone();
        boolean[] needed = new boolean[nValues];
        for (int v : requested) {
            needed[v] = true;
        }
        for (int i = nNodes - 1; i >= 0; i--) {
            if (needed[nIn + i]) {
                for (int v : nodeInputs[i]) {
                    needed[v] = true;
                }
            }
        }
        int[] consumers = new int[nValues];
        boolean[] isRequested = new boolean[nValues];
        for (int v : requested) {
            isRequested[v] = true;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nNodes; i++) {
            if (needed[nIn + i]) {
                order.add(i);
                for (int v : nodeInputs[i]) {
                    consumers[v]++;
                }
            }
        }
        nodes = order.stream().mapToInt(Integer::intValue).toArray();
        fused = new Act[nNodes];
        alias = new boolean[nValues];
        inputs = nodeInputs.clone();
        source = new int[nValues];
        for (int v = 0; v < nValues; v++) {
            source[v] = v;
        }
        // per value: the node whose step computes it (itself, or the producer a sum was fused into)
        int[] computedBy = new int[nValues];
        for (int v = 0; v < nValues; v++) {
            computedBy[v] = v - nIn;
        }
        if (fuse) {
            fuseSums(steps, nodeInputs, nIn, consumers, isRequested, computedBy);
            for (int i : nodes) {
                if (steps[i] instanceof ActivationStep a) {
                    int p = nodeInputs[i][0];
                    int producer = computedBy[p];
                    if (producer >= 0 && consumers[p] == 1 && !isRequested[p] && steps[producer].fusesActivation()
                            && fused[producer] == null) {
                        fused[producer] = a.act;
                        alias[nIn + i] = true;
                        source[nIn + i] = p;
                    }
                }
            }
        }
        root = new int[nValues];
        for (int v = 0; v < nIn; v++) {
            root[v] = v;
        }
        for (int i = 0; i < nNodes; i++) {
            int v = nIn + i;
            if (steps[i].aliasesInput()) {
                alias[v] = true;
                source[v] = nodeInputs[i][0];
            }
            root[v] = alias[v] ? root[source[v]] : v;
        }
        uses = new int[nValues];
        for (int i : nodes) {
            if (!alias[nIn + i]) {
                for (int v : inputs[i]) {
                    uses[root[v]]++;
                }
            }
        }
        pinned = new boolean[nValues];
        external = new boolean[nValues];
        for (int v = 0; v < nIn; v++) {
            external[v] = true;
            pinned[v] = true;
        }
        for (int v : requested) {
            pinned[root[v]] = true;
        }
    }

    /**
     * Folds a sum of two values into the step that computes one of them ({@link Step#fusesAdd()}, read by
     * nothing else, not requested, computed after the other operand): that step reads the other operand
     * as an extra input and adds it before its fused activation, and the sum becomes an alias of its
     * output (so no pass over memory of its own, and an activation after the sum fuses into the step).
     */
    private void fuseSums(Step[] steps, int[][] nodeInputs, int nIn, int[] consumers, boolean[] isRequested,
            int[] computedBy) {
        for (int i : nodes) {
            if (!(steps[i] instanceof ElementwiseStep e) || !e.isSum() || nodeInputs[i].length != 2) {
                continue;
            }
            int[] ops = nodeInputs[i];
            int best = -1;
            for (int k = 0; k < 2; k++) {
                int p = ops[k];
                int q = ops[1 - k];
                if (p >= nIn && q < p && consumers[p] == 1 && !isRequested[p] && !alias[p]
                        && steps[p - nIn].fusesAdd() && inputs[p - nIn].length == 1 && p > best) {
                    best = p;
                }
            }
            if (best < 0) {
                continue;
            }
            int other = ops[0] == best ? ops[1] : ops[0];
            inputs[best - nIn] = new int[] {nodeInputs[best - nIn][0], other};
            alias[nIn + i] = true;
            source[nIn + i] = best;
            computedBy[nIn + i] = best - nIn;
        }
    }
}
