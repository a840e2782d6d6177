package keras1j.onnxruntime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import keras1j.errors.InvalidInputException;
import keras1j.errors.Keras1jException;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxExporter;
import keras1j.onnx.OnnxModel;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.ir.Node;
import keras1j.runtime.memory.MemoryBudget;
import keras1j.runtime.tensor.Tensor;
import keras1j.runtime.tensor.WeightProgress;

/**
 * Runs a {@link Graph} on ONNX Runtime: the graph is exported in memory with {@link OnnxExporter}
 * (after the IR passes the Java engine runs, when the options ask for them, as by default) and opened
 * as an {@link OrtSession} (intra-op threads as requested, one inter-op thread, sequential execution,
 * all graph optimizations).
 *
 * <p>Inputs are validated like the Java engine does (names, non-batch dimensions, common batch
 * size, embedding ids) before anything reaches ONNX Runtime. {@link #evaluate} exports a variant
 * of the model whose outputs are the requested values (in IR layout; the passes keep them), cached
 * per value set.
 *
 * <p>Thread-safe: {@link #predict} and {@link #evaluate} may be called concurrently
 * ({@code OrtSession.run} is thread-safe). {@link #close} waits for running calls and closes the
 * sessions; the process-wide {@link OrtEnvironment} stays open.
 */
public final class OnnxRuntimeEngine implements Engine {
    /** Evaluate variants kept open at once; the least recently used one is closed beyond that. */
    private static final int VARIANT_CACHE_SIZE = 4;

    private final Graph graph;
    private final OnnxExportOptions options;
    private final int threads;
    private final OrtEnvironment env;
    private final Map<String, GraphInput> inputs = new LinkedHashMap<>();
    private final List<IdsCheck> inputIdsChecks = new ArrayList<>();
    private final List<IdsCheck> computedIdsChecks = new ArrayList<>();
    private final List<String> outputValues = new ArrayList<>();
    private final Session main;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final LinkedHashMap<List<String>, Session> variants = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    /** Embedding ids read by a Gather node: whole numbers in {@code [0, vocabulary)}. */
    private record IdsCheck(String node, String ids, int vocabulary) {
    }

    /**
     * An open ORT session and what it computes; {@code users} and {@code evicted} are guarded by
     * the engine's variant cache.
     */
    private static final class Session {
        final OrtSession ort;
        /** ONNX output name of each IR value the session exposes. */
        final Map<String, String> outputOf;
        int users;
        boolean evicted;

        Session(OrtSession ort, Map<String, String> outputOf) {
            this.ort = ort;
            this.outputOf = outputOf;
        }
    }

    private OnnxRuntimeEngine(Graph graph, OnnxExportOptions options, int threads) {
        this.graph = graph;
        this.options = options;
        this.threads = threads;
        this.env = OrtEnvironment.getEnvironment();
        for (GraphInput in : graph.inputs()) {
            inputs.put(in.name(), in);
        }
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Gather g) {
                String ids = n.inputs().get(0);
                IdsCheck check = new IdsCheck(n.name(), ids, g.table().dim(0));
                (inputs.containsKey(ids) ? inputIdsChecks : computedIdsChecks).add(check);
            }
        }
        for (GraphOutput o : graph.outputs()) {
            outputValues.add(o.value());
        }
        this.main = open(graph.outputs(), options);
    }

    /**
     * Exports {@code graph} at {@code options} and opens it on ONNX Runtime.
     *
     * @param threads intra-op threads, {@code >= 1}
     * @throws InvalidInputException if {@code threads < 1}
     * @throws keras1j.errors.InvalidModelException if the graph's weights are placeholders
     * @throws keras1j.errors.UnsupportedFeatureException if the graph cannot be exported
     * @throws Keras1jException if ONNX Runtime rejects the exported model
     */
    public static OnnxRuntimeEngine create(Graph graph, OnnxExportOptions options, int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + threads);
        }
        graph.requireWeights("run on ONNX Runtime");
        return MemoryBudget.guard("creating the ONNX Runtime engine", () -> new OnnxRuntimeEngine(graph, options,
                threads));
    }

    @Override
    public Graph graph() {
        return graph;
    }

    /** The export options the sessions were built with. */
    public OnnxExportOptions options() {
        return options;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> feeds) {
        int batch = InputValidation.check(graph, feeds);
        InputValidation.checkResultSize(graph, batch, outputValues);
        checkInputIds(feeds);
        Lock lock = acquire();
        try {
            Map<String, Tensor> raw = MemoryBudget.guard("predict", () -> run(main, feeds));
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (GraphOutput o : graph.outputs()) {
                out.put(o.name(), raw.get(o.name()));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, Tensor> evaluate(Map<String, Tensor> feeds, Collection<String> values) {
        if (values == null) {
            throw new InvalidInputException("the list of values to evaluate must not be null");
        }
        List<String> names = new ArrayList<>(new LinkedHashSet<>(values));
        TreeSet<String> computed = new TreeSet<>();
        for (String v : names) {
            if (v == null || !graph.hasValue(v)) {
                throw new InvalidInputException("no value named '" + v + "' in the graph");
            }
            if (!inputs.containsKey(v)) {
                computed.add(v);
            }
        }
        int batch = InputValidation.check(graph, feeds);
        InputValidation.checkResultSize(graph, batch, computed);
        checkInputIds(feeds);
        Map<String, Tensor> raw = Map.of();
        if (!computed.isEmpty()) {
            Lock lock = acquire();
            try {
                Session s = leaseVariant(List.copyOf(computed));
                try {
                    raw = run(s, feeds);
                } finally {
                    release(s);
                }
            } finally {
                lock.unlock();
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String v : names) {
            out.put(v, inputs.containsKey(v) ? feeds.get(v) : raw.get(v));
        }
        return out;
    }

    /** Closes every session; waits for running calls. Idempotent. */
    @Override
    public void close() {
        Lock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (variants) {
                for (Session s : variants.values()) {
                    closeQuietly(s.ort);
                }
                variants.clear();
            }
            closeQuietly(main.ort);
        } finally {
            lock.unlock();
        }
    }

    private Lock acquire() {
        Lock lock = lifecycle.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new Keras1jException("the ONNX Runtime engine is closed");
        }
        return lock;
    }

    /** A session exposing {@code values} (node names), from the cache or newly opened. */
    private Session leaseVariant(List<String> values) {
        synchronized (variants) {
            Session s = variants.get(values);
            if (s == null) {
                List<GraphOutput> outs = new ArrayList<>();
                for (String v : values) {
                    outs.add(new GraphOutput(v, v));
                }
                // the sessions of evaluate export again: only the engine's creation reports its weights
                s = open(outs, options.withWeightProgress(WeightProgress.none()));
                variants.put(values, s);
                if (variants.size() > VARIANT_CACHE_SIZE) {
                    var eldest = variants.entrySet().iterator().next();
                    variants.remove(eldest.getKey());
                    eldest.getValue().evicted = true;
                    if (eldest.getValue().users == 0) {
                        closeQuietly(eldest.getValue().ort);
                    }
                }
            }
            s.users++;
            return s;
        }
    }

    private void release(Session s) {
        synchronized (variants) {
            s.users--;
            if (s.evicted && s.users == 0) {
                closeQuietly(s.ort);
            }
        }
    }

    /** Exports the graph with {@code outputs} (plus the computed embedding ids) at {@code export} and opens it. */
    private Session open(List<GraphOutput> outputs, OnnxExportOptions export) {
        List<GraphOutput> all = new ArrayList<>(outputs);
        Map<String, String> outputOf = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (GraphOutput o : outputs) {
            outputOf.putIfAbsent(o.value(), o.name());
            names.add(o.name());
        }
        for (IdsCheck c : computedIdsChecks) {
            if (!outputOf.containsKey(c.ids())) {
                String name = c.ids();
                int k = 0;
                while (names.contains(name) || (!name.equals(c.ids()) && graph.hasValue(name))) {
                    name = c.ids() + "_ids_" + ++k;
                }
                all.add(new GraphOutput(name, c.ids()));
                outputOf.put(c.ids(), name);
                names.add(name);
            }
        }
        OnnxModel model = OnnxExporter.model(graph, export, all, !computedIdsChecks.isEmpty());
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(threads);
            so.setInterOpNumThreads(1);
            so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new Session(createSession(env, model, so), outputOf);
        } catch (OrtException e) {
            throw new Keras1jException("ONNX Runtime rejected the exported model (opset " + options.opset() + "): "
                    + e.getMessage(), e);
        }
    }

    /**
     * A session on {@code model}, serialized once into a direct (off-heap) buffer that ONNX Runtime
     * reads: the weights are never copied on the Java heap (no {@code ModelProto} with them, no
     * {@code byte[]} of the model). The buffer is dropped once the session holds its own copy.
     * When direct memory ({@code -XX:MaxDirectMemorySize}, by default the heap's maximum) cannot
     * hold the model, it goes through a temporary file instead.
     */
    private static OrtSession createSession(OrtEnvironment env, OnnxModel model, OrtSession.SessionOptions so)
            throws OrtException {
        if (model.serializedSize() <= Integer.MAX_VALUE - 8) {
            ByteBuffer buffer = null;
            try {
                buffer = ByteBuffer.allocateDirect((int) model.serializedSize());
            } catch (OutOfMemoryError e) {
                // direct memory exhausted: fall through to the file
            }
            if (buffer != null) {
                model.writeTo(buffer);
                buffer.flip();
                return env.createSession(buffer, so);
            }
        }
        Path file = null;
        try {
            file = Files.createTempFile("keras1j-", ".onnx");
            try (OutputStream out = Files.newOutputStream(file)) {
                model.writeTo(out);
            }
            return env.createSession(file.toString(), so);
        } catch (IOException e) {
            throw new Keras1jException("cannot write the ONNX model to a temporary file for ONNX Runtime: "
                    + e.getMessage(), e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless; the session already has the model
                }
            }
        }
    }

    /** Runs {@code s} and returns every output, keyed by ONNX output name, after the ids checks. */
    private Map<String, Tensor> run(Session s, Map<String, Tensor> feeds) {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (GraphInput in : graph.inputs()) {
                Tensor t = feeds.get(in.name());
                tensors.put(in.name(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.data()), longs(t.shape())));
            }
            Map<String, Tensor> out = new HashMap<>();
            try (OrtSession.Result result = s.ort.run(tensors)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    out.put(e.getKey(), copy(e.getKey(), e.getValue()));
                }
            }
            for (IdsCheck c : computedIdsChecks) {
                checkIds(c, out.get(s.outputOf.get(c.ids())));
            }
            return out;
        } catch (OrtException e) {
            throw new Keras1jException("ONNX Runtime failed to run the model: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : tensors.values()) {
                t.close();
            }
        }
    }

    private static Tensor copy(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor t)) {
            throw new Keras1jException("ONNX Runtime output '" + name + "' is not a tensor");
        }
        long[] shape = t.getInfo().getShape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        FloatBuffer buf = t.getFloatBuffer();
        float[] data = new float[buf.remaining()];
        buf.get(data);
        return Tensor.of(data, dims);
    }

    private void checkInputIds(Map<String, Tensor> feeds) {
        for (IdsCheck c : inputIdsChecks) {
            checkIds(c, feeds.get(c.ids()));
        }
    }

    private static void checkIds(IdsCheck c, Tensor ids) {
        float[] d = ids.data();
        for (int i = 0; i < d.length; i++) {
            float v = d[i];
            if (!(v >= 0 && v < c.vocabulary() && v == Math.rint(v))) {
                throw new InvalidInputException("node '" + c.node() + "' (Gather): id " + v + " at index "
                        + java.util.Arrays.toString(Tensor.unflatten(i, ids.shape())) + " is not a whole number in [0, "
                        + c.vocabulary() + ")");
            }
        }
    }

    private static long[] longs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[i];
        }
        return out;
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // nothing useful to do when native cleanup fails at close
        }
    }
}
