package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.pass.GraphOptimizer;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.Sgemm;
import keras1j.runtime.kernel.StepTimes;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;
import keras1j.runtime.tensor.WeightProgress;

/**
 * The pure-Java engine. {@link #create} runs the standard graph passes
 * ({@link keras1j.runtime.ir.pass.GraphOptimizer}: batch normalization folded into weights, zero
 * padding absorbed into convolutions, ...) and compiles the result once into a plan of kernel steps
 * with pre-packed weights; each call then runs the plan with buffers recycled between layers.
 * Values the passes removed can still be {@linkplain #evaluate evaluated} (from a plan of the graph
 * as given, made on first need).
 *
 * <p><b>Thread-safety.</b> {@link #predict} and {@link #evaluate} may be called concurrently: every
 * call borrows its own buffer arena, and the engine's {@code threads - 1} daemon workers are shared
 * by all calls (each caller also works, so concurrent calls never oversubscribe the pool). Returned
 * tensors are fresh arrays owned by the caller. Input tensors are only read. {@link #close()} stops
 * the workers; the engine must not be used afterwards.
 *
 * <p><b>Speed.</b> Convolutions and dense layers run on the SGEMM of
 * {@code keras1j.runtime.kernel.Kernels.sgemm()}: a SIMD kernel on the JDK Vector API when the JVM
 * runs with {@code --add-modules jdk.incubator.vector} (about twice as fast; steadiest on recent
 * JDKs), else a portable plain-Java kernel. With more than one thread, a call of a small model (little
 * work per sample, no layer that mixes samples) at a batch of two or more runs the whole plan once per
 * range of samples, one range per thread, rather than sharing out each layer: one hand-off per call.
 *
 * <p><b>Open input sizes.</b> A graph whose inputs leave an axis open ({@link Shape#UNKNOWN}, Keras
 * {@code None}, e.g. a sequence length) runs on inputs of any size on that axis: each call's concrete
 * input shapes select a plan compiled for them on first use ({@link Graph#withInputShapes}), kept in a
 * small least-recently-used cache shared by all callers.
 *
 * <p><b>Memory.</b> Packed weights, activations and scratch buffers are each checked against the
 * options' {@link keras1j.runtime.memory.MemoryBudget} before they are allocated; over budget, and an
 * {@link OutOfMemoryError} met anyway, are a {@link keras1j.errors.ResourceLimitException} from
 * {@link #create} or {@link #predict}, after which the engine stays usable.
 */
public final class JavaEngine implements Engine {
    private final Graph graph;
    private final JavaEngineOptions options;
    private final KernelSet kernels;
    private final Parallel parallel;
    /** The plan of the optimized graph (outputs kept): every predict and most evaluations; null for open sizes. */
    private final Plan main;
    /** For a graph with open input sizes: the plans per concrete input shapes; else null. */
    private final ShapePlans openPlans;
    /** The plan of the graph as given, made on the first evaluation of a value the passes removed. */
    private volatile Plan unoptimized;
    private final ConcurrentLinkedQueue<Arena> arenas = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    /**
     * A graph compiled into steps. Value ids: graph inputs first, then nodes in order.
     */
    private static final class Plan {
        final Graph graph;
        final Step[] steps;
        final int[][] nodeInputs;
        final int[][] sampleDims;
        final Map<String, Integer> valueIds;
        final Schedule predictSchedule;
        /** True if calls on several threads run the whole plan per sample range ({@link Planner#splitsBatch}). */
        final boolean splitsBatch;

        /** Reports the bytes of weights each step packs to {@code progress}. */
        Plan(Graph graph, KernelSet kernels, JavaEngineOptions.Winograd winograd, WeightProgress progress) {
            this.graph = graph;
            List<GraphInput> inputs = graph.inputs();
            List<Node> nodes = graph.nodes();
            int nIn = inputs.size();
            valueIds = new HashMap<>();
            sampleDims = new int[nIn + nodes.size()][];
            for (int i = 0; i < nIn; i++) {
                valueIds.put(inputs.get(i).name(), i);
                sampleDims[i] = inputs.get(i).shape().sampleDims();
            }
            steps = new Step[nodes.size()];
            nodeInputs = new int[nodes.size()][];
            for (int i = 0; i < nodes.size(); i++) {
                Node node = nodes.get(i);
                nodeInputs[i] = node.inputs().stream().mapToInt(valueIds::get).toArray();
                valueIds.put(node.name(), nIn + i);
                sampleDims[nIn + i] = node.shape().sampleDims();
            }
            // Memory: every weight is counted once in the budget's running total: reserved here at its own
            // size, and each step's reservation replaced by what the step keeps when it is compiled (its
            // read of the weight given back once packed). Steps with the largest weights compile first, so
            // that the largest transient (a weight read next to its packed copy) comes while the heap is
            // emptiest, and what the budget has left when a convolution chooses its form (Winograd's
            // transformed kernel is larger than the kernel) already excludes every weight still to come.
            long parameters = graph.parameterCount();
            WeightProgress.Tally packed = WeightProgress.start(progress, 4 * parameters);
            boolean counting = MemoryBudget.counting();
            if (counting) {
                MemoryBudget.take(4 * parameters, "the weights of the graph (" + parameters + " parameters)");
            }
            Integer[] order = new Integer[nodes.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingLong(i -> -nodes.get(i).op().parameterCount()));
            for (int i : order) {
                Node node = nodes.get(i);
                long bytes = 4 * node.op().parameterCount();
                if (counting) {
                    MemoryBudget.release(bytes);
                }
                steps[i] = Planner.plan(graph, node, kernels, winograd);
                packed.add(bytes);
            }
            packed.finish();
            int[] outs = graph.outputs().stream().mapToInt(o -> valueIds.get(o.value())).toArray();
            predictSchedule = new Schedule(graph, steps, nodeInputs, outs, true);
            splitsBatch = Planner.splitsBatch(graph, nodes);
        }
    }

    /**
     * An engine for {@code graph} on {@code shared} workers (not closed by it), or its own when null. A
     * graph with open input sizes is planned per concrete shape on first use.
     */
    private JavaEngine(Graph graph, JavaEngineOptions options, KernelSet kernels, Parallel shared) {
        this.graph = graph;
        this.options = options;
        this.kernels = kernels;
        this.parallel = shared != null ? shared : new Parallel(options.threads(), options.spinWait().toNanos());
        if (graph.hasOpenInputs()) {
            this.main = null;
            this.openPlans = new ShapePlans(graph, options, kernels, parallel);
        } else {
            // a specialization of an open graph (shared workers) is planned on first use: it reports nothing
            this.main = new Plan(GraphOptimizer.optimize(graph), kernels, options.winograd(),
                    shared == null ? options.weightProgress() : WeightProgress.none());
            this.openPlans = null;
        }
    }

    /** The plan of a concrete specialization of an open graph, on its owner's workers. */
    static JavaEngine specialized(Graph concrete, JavaEngineOptions options, KernelSet kernels, Parallel shared) {
        return new JavaEngine(concrete, options, kernels, shared);
    }

    /** An engine for {@code graph} with {@link JavaEngineOptions#defaults()}. */
    public static JavaEngine create(Graph graph) {
        return create(graph, JavaEngineOptions.defaults());
    }

    /**
     * Compiles {@code graph} (after the standard {@link GraphOptimizer} passes, packing every weight once).
     *
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     *         ({@link Graph#requireWeights})
     * @throws keras1j.errors.UnsupportedFeatureException if an op cannot run on this engine, or the
     *                                                    options ask for kernels this JVM lacks
     * @throws keras1j.errors.ResourceLimitException     if packing the weights needs more than the
     *                                                   options' memory budget in all
     */
    public static JavaEngine create(Graph graph, JavaEngineOptions options) {
        Objects.requireNonNull(options, "options");
        return create(graph, options, KernelSet.of(options.kernel()));
    }

    /** An engine on a given SGEMM kernel (tests run every available kernel). */
    static JavaEngine create(Graph graph, JavaEngineOptions options, Sgemm gemm) {
        return create(graph, options, KernelSet.withSgemm(gemm));
    }

    private static JavaEngine create(Graph graph, JavaEngineOptions options, KernelSet kernels) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(options, "options");
        graph.requireWeights("run on the Java engine");
        return options.memoryBudget().run("compiling the Java engine",
                () -> new JavaEngine(graph, options, kernels, null));
    }

    /**
     * The graph this engine runs for {@link #predict}: the given one after the standard passes (for a
     * graph with open input sizes, the given one: each concrete shape is optimized when planned).
     */
    public Graph optimizedGraph() {
        return main == null ? graph : main.graph;
    }

    @Override
    public Graph graph() {
        return graph;
    }

    /**
     * The kernels this engine runs on. Its type is internal (package {@code keras1j.runtime.kernel}, not
     * exported by the module {@code keras1j.runtime}): for keras1j's own tests on the class path.
     */
    @SuppressWarnings("exports")
    public KernelSet kernels() {
        return kernels;
    }

    /** The options this engine was created with. */
    public JavaEngineOptions options() {
        return options;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        if (openPlans != null) {
            checkOpen();
            return openPlans.engineFor(inputs).predict(inputs);
        }
        Tensor[] values = options.memoryBudget().within("predict", () -> run(main, inputs, main.predictSchedule));
        Map<String, Tensor> result = new LinkedHashMap<>();
        List<GraphOutput> outs = graph.outputs();
        for (int i = 0; i < outs.size(); i++) {
            result.put(outs.get(i).name(), values[i]);
        }
        return result;
    }

    @Override
    public Map<String, Tensor> evaluate(Map<String, Tensor> inputs, Collection<String> values) {
        if (values == null) {
            throw new InvalidInputException("the list of values to evaluate must not be null");
        }
        if (openPlans != null) {
            checkOpen();
            return openPlans.engineFor(inputs).evaluate(inputs, values);
        }
        List<String> names = new ArrayList<>(new java.util.LinkedHashSet<>(values));
        for (String name : names) {
            if (name == null || !graph.hasValue(name)) {
                throw new InvalidInputException("no value named '" + name + "' in the graph");
            }
        }
        Plan p = names.stream().allMatch(main.valueIds::containsKey) ? main : unoptimized();
        int[] ids = new int[names.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = p.valueIds.get(names.get(i));
        }
        Tensor[] out = options.memoryBudget().within("evaluate", () -> run(p, inputs, new Schedule(p.graph, p.steps,
                p.nodeInputs, ids, true)));
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            result.put(names.get(i), out[i]);
        }
        return result;
    }

    private Plan unoptimized() {
        Plan p = unoptimized;
        if (p == null) {
            synchronized (this) {
                p = unoptimized;
                if (p == null) {
                    p = main.graph == graph ? main
                            : new Plan(graph, kernels, options.winograd(), WeightProgress.none());
                    unoptimized = p;
                }
            }
        }
        return p;
    }

    @Override
    public void close() {
        closed = true;
        parallel.close();
    }

    private void checkOpen() {
        if (closed) {
            throw new Keras1jException("the Java engine is closed");
        }
    }

    /** Number of plans compiled for concrete input shapes so far (1 for a graph without open sizes). */
    int planCount() {
        return openPlans == null ? 1 : openPlans.size();
    }

    private Tensor[] run(Plan p, Map<String, Tensor> inputs, Schedule s) {
        checkOpen();
        int batch = validate(p, inputs, s);
        int nIn = graph.inputs().size();
        float[][] arrays = new float[nIn + p.steps.length][];
        for (int i = 0; i < nIn; i++) {
            Tensor t = inputs.get(graph.inputs().get(i).name());
            arrays[i] = t == null ? null : t.data();
        }
        // one range per thread (more ranges, for a worker that wakes late, measured slower)
        int ranges = p.splitsBatch ? Math.min(batch, parallel.threads()) : 1;
        boolean split = false;
        if (ranges > 1) {
            try {
                executeSplit(p, s, batch, ranges, arrays);
                split = true;
            } catch (RuntimeException e) {
                // a failing range: the call is repeated on the whole batch, so that the error names the
                // caller's sample indices
            }
        }
        if (!split) {
            Arena arena = borrowArena();
            try {
                arena.begin(batch);
                execute(p, s, batch, arrays, new Exec(parallel, arena));
            } finally {
                returnArena(arena);
            }
        }
        Tensor[] result = new Tensor[s.requested.length];
        Set<float[]> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < result.length; i++) {
            int v = s.requested[i];
            float[] a = arrays[v];
            if (s.external[s.root[v]] || !handedOut.add(a)) {
                a = a.clone();
            }
            result[i] = Tensor.of(a, Nd.withBatch(p.sampleDims[v], batch));
        }
        return result;
    }

    private Arena borrowArena() {
        Arena arena = arenas.poll();
        return arena != null ? arena : new Arena(options.memoryBudget());
    }

    private void returnArena(Arena arena) {
        // keep at most one arena per thread of the engine, and one per split range; extra ones (bursts
        // of callers) go to the GC
        if (arenas.size() < 2 * options.threads() + 1) {
            arenas.offer(arena);
        }
    }

    /**
     * Runs the whole schedule once per range of samples ({@code ranges} of them, as equal as possible),
     * the ranges shared by the caller and the engine's workers: one hand-off per call. Each range copies
     * its slice of every graph input, runs on its own arena with every step on its own thread, and copies
     * the requested values into whole-batch arrays, which then stand in {@code arrays}.
     */
    private void executeSplit(Plan p, Schedule s, int batch, int ranges, float[][] arrays) {
        int nIn = graph.inputs().size();
        int[] sizes = new int[arrays.length];
        for (int v = 0; v < arrays.length; v++) {
            sizes[v] = (int) Tensor.elementCount(p.sampleDims[v]);
        }
        float[][] whole = new float[arrays.length][];
        for (int v : s.requested) {
            int r = s.root[v];
            if (!s.external[r] && whole[r] == null) {
                whole[r] = options.memoryBudget().floats(batch * sizes[r], "a buffer of " + batch * sizes[r]
                        + " values");
            }
        }
        parallel.forRange(ranges, 1, Long.MAX_VALUE, (w, c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                int b0 = (int) ((long) batch * c / ranges);
                int b1 = (int) ((long) batch * (c + 1) / ranges);
                float[][] local = new float[arrays.length][];
                for (int i = 0; i < nIn; i++) {
                    if (arrays[i] != null) {
                        local[i] = Arrays.copyOfRange(arrays[i], b0 * sizes[i], b1 * sizes[i]);
                    }
                }
                Arena arena = borrowArena();
                try {
                    arena.begin(b1 - b0);
                    execute(p, s, b1 - b0, local, new Exec(Parallel.SERIAL, arena));
                    for (int v : s.requested) {
                        int r = s.root[v];
                        if (whole[r] != null && local[r] != null) {
                            System.arraycopy(local[r], 0, whole[r], b0 * sizes[r], (b1 - b0) * sizes[r]);
                            // the range's copy is dead once copied out: back to the arena, once
                            arena.give(local[r]);
                            local[r] = null;
                        }
                    }
                } finally {
                    returnArena(arena);
                }
            }
        });
        for (int v : s.requested) {
            int r = s.root[v];
            arrays[v] = whole[r] != null ? whole[r] : arrays[r];
        }
    }

    private static void execute(Plan p, Schedule s, int batch, float[][] arrays, Exec exec) {
        int nIn = p.graph.inputs().size();
        Step[] steps = p.steps;
        int[][] nodeInputs = s.inputs;
        int[][] sampleDims = p.sampleDims;
        int[] remaining = s.uses.clone();
        StepTimes times = StepTimes.active();
        for (int i : s.nodes) {
            int v = nIn + i;
            int[] ins = nodeInputs[i];
            if (s.alias[v]) {
                arrays[v] = arrays[s.source[v]];
                continue;
            }
            float[][] in = new float[ins.length][];
            for (int k = 0; k < ins.length; k++) {
                in[k] = arrays[ins[k]];
            }
            Step step = steps[i];
            int size = batch * (int) Tensor.elementCount(sampleDims[v]);
            int reuse = -1;
            if (step.inPlace()) {
                reuse = reusable(s, ins, 0, remaining);
            } else if (ins.length > 1 && step.fusesAdd() && step.addsInPlace(batch)
                    && s.root[ins[1]] != s.root[ins[0]]) {
                reuse = reusable(s, ins, 1, remaining);
            }
            float[] out = reuse >= 0 ? arrays[reuse] : exec.arena.take(size);
            if (times == null) {
                step.run(exec, batch, in, out, s.fused[i]);
            } else {
                long t0 = System.nanoTime();
                step.run(exec, batch, in, out, s.fused[i]);
                times.add(step.name, step.describe(batch, s.fused[i]), System.nanoTime() - t0);
            }
            arrays[v] = out;
            for (int u : ins) {
                int r = s.root[u];
                if (--remaining[r] == 0 && !s.pinned[r] && r != reuse) {
                    exec.arena.give(arrays[r]);
                }
            }
        }
    }

    /**
     * The root of input {@code k} if this step is its last reader and it is not kept ({@link Schedule#pinned}),
     * so that the step may write its output there; else -1.
     */
    private static int reusable(Schedule s, int[] ins, int k, int[] remaining) {
        int r = s.root[ins[k]];
        return !s.pinned[r] && remaining[r] == edgesTo(s, ins, r) ? r : -1;
    }

    private static int edgesTo(Schedule s, int[] ins, int root) {
        int n = 0;
        for (int u : ins) {
            if (s.root[u] == root) {
                n++;
            }
        }
        return n;
    }

    /** Checks names and shapes; returns the common batch size. */
    private int validate(Plan p, Map<String, Tensor> inputs, Schedule s) {
        int batch = EngineInputs.check(graph, inputs);
        for (int i : s.nodes) {
            long size = (long) batch * Tensor.elementCount(p.sampleDims[graph.inputs().size() + i]);
            if (size > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("batch size " + batch + " is too large: node '"
                        + p.graph.nodes().get(i).name() + "' would hold " + size + " values");
            }
        }
        return batch;
    }
}
