package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.List;

import keras1j.runtime.ir.Graph;

/**
 * What one kind of call executes: the nodes needed for the requested values, activations fused
 * into their producers, and the buffer liveness (which array each value lives in and how many
 * reads remain before it can be recycled). Value ids: graph inputs first, then nodes in order.
 * Immutable; shared by concurrent calls.
 */
final class Schedule {
    /** Node indices to execute, in topological order. */
    final int[] nodes;
    /** Per node: an activation applied in the node's epilogue, or null. */
    final Act[] fused;
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
        if (fuse) {
            for (int i : nodes) {
                if (steps[i] instanceof ActivationStep a) {
                    int p = nodeInputs[i][0];
                    if (p >= nIn && consumers[p] == 1 && !isRequested[p] && steps[p - nIn].fusesActivation()
                            && fused[p - nIn] == null) {
                        fused[p - nIn] = a.act;
                        alias[nIn + i] = true;
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
            }
            root[v] = alias[v] ? root[nodeInputs[i][0]] : v;
        }
        uses = new int[nValues];
        for (int i : nodes) {
            if (!alias[nIn + i]) {
                for (int v : nodeInputs[i]) {
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
}
