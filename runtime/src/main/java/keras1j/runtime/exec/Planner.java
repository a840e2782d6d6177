package keras1j.runtime.exec;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.Node;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.kernel.Sgemm;
import keras1j.runtime.memory.MemoryBudget;

/**
 * Compiles a node into a {@link Step}. The one place that knows every op: a registry from op class
 * to step factory, checked at class initialization to cover every permitted subclass of the sealed
 * {@link Op} (so a new op cannot be forgotten) and to register none twice. Stateless.
 */
final class Planner {

    /** What a factory sees of a node: its name, the sample shapes (batch axis removed) and the kernels. */
    record Site(String name, List<int[]> inSamples, int[] outSample, KernelSet kernels,
            JavaEngineOptions.Winograd winograd) {
        int[] in() {
            return inSamples.get(0);
        }

        /** The kernel set's SGEMM. */
        Sgemm gemm() {
            return kernels.sgemm();
        }
    }

    @FunctionalInterface
    private interface Factory<T extends Op> {
        Step create(T op, Site site);
    }

    private static final Map<Class<? extends Op>, Factory<? extends Op>> FACTORIES = registry();

    private Planner() {
    }

    private static Map<Class<? extends Op>, Factory<? extends Op>> registry() {
        Map<Class<? extends Op>, Factory<? extends Op>> m = new HashMap<>();
        register(m, Conv.class, Planner::conv);
        register(m, ConvTranspose.class, (op, s) -> new ConvTransposeStep(s.name(), op, new Window(spatial(s.in()),
                Arrays.copyOf(op.kernel().shape(), op.spatialRank()), op.strides(), null, op.padsBegin(), spatial(s.outSample())), channels(s.in()), s.gemm()));
        register(m, Pool.class, (op, s) -> new PoolStep(s.name(), op, new Window(spatial(s.in()), op.kernel(),
                op.strides(), null, op.padsBegin(), spatial(s.outSample())), channels(s.in()), s.kernels()));
        register(m, GlobalPool.class, (op, s) -> new GlobalPoolStep(s.name(), op,
                Nd.product(s.in(), 0, s.in().length - 1), channels(s.in())));
        register(m, Pad.class, (op, s) -> new PadStep(s.name(), op, s.in(), s.outSample()));
        register(m, Crop.class, (op, s) -> new CropStep(s.name(), op, s.in(), s.outSample()));
        register(m, Upsample.class, (op, s) -> new UpsampleStep(s.name(), op, s.in(), s.outSample()));
        register(m, Dense.class, (op, s) -> new DenseStep(s.name(), op, Nd.product(s.in(), 0, s.in().length - 1),
                s.gemm()));
        register(m, ChannelAffine.class, (op, s) -> new ChannelAffineStep(s.name(), op, s.in()));
        register(m, Activation.class, (op, s) -> new ActivationStep(s.name(), new Act(op.kind(), op.alpha(), s.kernels()),
                Nd.product(s.in(), 0, s.in().length)));
        register(m, Softmax.class, (op, s) -> new SoftmaxStep(s.name(), op, s.in(), s.kernels()));
        register(m, PRelu.class, (op, s) -> new PReluStep(s.name(), op));
        register(m, Elementwise.class, (op, s) -> new ElementwiseStep(s.name(), op.kind(),
                Nd.product(s.in(), 0, s.in().length)));
        register(m, Concat.class, Planner::concat);
        register(m, Reshape.class, (op, s) -> new ReshapeStep(s.name()));
        register(m, Transpose.class, (op, s) -> new TransposeStep(s.name(), op, s.in(), s.outSample()));
        register(m, RepeatVector.class, (op, s) -> new RepeatVectorStep(s.name(), op.times(), s.in()[0]));
        register(m, Gather.class, (op, s) -> new GatherStep(s.name(), op, s.in()));
        register(m, keras1j.runtime.ir.BatchMatMul.class, (op, s) -> new BatchMatMulStep(s.name(), s.in(), s.inSamples().get(1)));
        register(m, keras1j.runtime.ir.Cosine.class, (op, s) -> new CosineStep(s.name(), op, s.in()));
        register(m, keras1j.runtime.ir.CosineRatio.class, (op, s) -> new CosineRatioStep(s.name(), op.epsilon()));
        register(m, keras1j.runtime.ir.Standardize.class, (op, s) -> new StandardizeStep(s.name(), op, s.in()));
        register(m, keras1j.runtime.ir.LocallyConnected.class, (op, s) -> new LocallyConnectedStep(s.name(), op, s.in(), s.outSample()));
        register(m, keras1j.runtime.ir.SRelu.class, (op, s) -> new SReluStep(s.name(), op));
        register(m, keras1j.runtime.ir.SampleAffine.class, (op, s) -> new SampleAffineStep(s.name(), op));
        register(m, keras1j.runtime.ir.Recurrent.class, (op, s) -> new RecurrentStep(s.name(), op, s.kernels()));
        register(m, keras1j.runtime.ir.StepMask.class, (op, s) -> new StepMaskStep(s.name(), op.value()));
        register(m, keras1j.runtime.ir.MaskSteps.class, (op, s) -> new MaskStepsStep(s.name()));
        for (Class<?> c : Op.class.getPermittedSubclasses()) {
            if (!m.containsKey(c)) {
                throw new IllegalStateException("no engine step registered for op " + c.getSimpleName());
            }
        }
        return Map.copyOf(m);
    }

    private static <T extends Op> void register(Map<Class<? extends Op>, Factory<? extends Op>> m, Class<T> type,
            Factory<T> factory) {
        if (m.putIfAbsent(type, factory) != null) {
            throw new IllegalStateException("duplicate engine step for op " + type.getSimpleName());
        }
    }

    /** The op classes this planner handles. */
    static java.util.Set<Class<? extends Op>> handledOps() {
        return FACTORIES.keySet();
    }

    /** Compiles {@code node} of {@code graph}, Winograd convolutions where faster. */
    static Step plan(Graph graph, Node node, KernelSet gemm) {
        return plan(graph, node, gemm, JavaEngineOptions.Winograd.AUTO);
    }

    /** Compiles {@code node} of {@code graph}, Winograd convolutions as {@code winograd} says. */
    static Step plan(Graph graph, Node node, KernelSet gemm, JavaEngineOptions.Winograd winograd) {
        Op op = node.op();
        Factory<? extends Op> f = FACTORIES.get(op.getClass());
        if (f == null) {
            throw new UnsupportedFeatureException("node '" + node.name() + "': op " + op.opName()
                    + " is not supported by the Java engine");
        }
        List<int[]> ins = node.inputs().stream().map(v -> graph.shapeOf(v).sampleDims()).toList();
        Site site = new Site(node.name(), ins, node.shape().sampleDims(), gemm, winograd);
        try {
            return create(f, op, site);
        } catch (UnsupportedFeatureException e) {
            throw new UnsupportedFeatureException("node '" + node.name() + "' (" + op.opName() + "): "
                    + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Op> Step create(Factory<T> f, Op op, Site site) {
        return f.create((T) op, site);
    }

    private static Step conv(Conv op, Site s) {
        int cin = channels(s.in());
        Window w = new Window(spatial(s.in()), op.kernelSize(), op.strides(), op.dilations(), op.padsBegin(),
                spatial(s.outSample()));
        if (op.groups() > 1 && op.groups() == cin) {
            return new DepthwiseConvStep(s.name(), op, w, cin, s.kernels());
        }
        if (WinogradConvStep.applies(op, w, cin) && switch (s.winograd()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> WinogradConvStep.pays(w, cin, op.outChannels(), s.kernels());
        }) {
            // AUTO: the fastest transform whose kernel fits what the memory budget has left
            int m = s.winograd() == JavaEngineOptions.Winograd.ALWAYS ? WinogradConvStep.tileFor(w)
                    : WinogradConvStep.tileWithin(w, cin, op.outChannels(), MemoryBudget.left());
            if (m > 0) {
                return new WinogradConvStep(s.name(), op, w, cin, s.kernels(), m);
            }
        }
        DirectConvStep direct = DirectConvStep.create(s.name(), op, w, cin, s.kernels());
        if (direct != null) {
            return direct;
        }
        return new ConvStep(s.name(), op, w, cin, s.kernels());
    }

    /**
     * Below this many operations per sample a call at a batch of two or more samples runs the whole
     * plan once per sample range, one range per engine thread ({@link #splitsBatch}), rather than
     * splitting each step: small models then pay one thread hand-off per call instead of one per step.
     */
    static final long SPLIT_MAX_WORK_PER_SAMPLE = 1L << 24;

    /**
     * True if calls of {@code nodes} at {@code batch >= 2} on more than one thread should run the whole
     * plan per sample range: no node mixes samples and the work per sample is small
     * ({@value #SPLIT_MAX_WORK_PER_SAMPLE} operations at most).
     */
    static boolean splitsBatch(Graph graph, List<Node> nodes) {
        long work = 0;
        for (Node n : nodes) {
            if (n.op().mixesSamples()) {
                return false;
            }
            work += workPerSample(graph, n);
        }
        return work <= SPLIT_MAX_WORK_PER_SAMPLE;
    }

    /**
     * A rough count of operations of one node for one sample: twice the multiply-adds of
     * convolutions and dense layers, else one per output value.
     */
    static long workPerSample(Graph graph, Node node) {
        long outputs = 1;
        for (int d : node.shape().sampleDims()) {
            outputs *= Math.max(1, d);
        }
        Op op = node.op();
        if (op instanceof Conv c) {
            long window = 1;
            for (int i = 0; i < c.spatialRank(); i++) {
                window *= c.kernel().dim(i);
            }
            return 2 * outputs * window * c.kernel().dim(-2);
        }
        if (op instanceof Dense d) {
            return 2 * outputs * d.weights().dim(0);
        }
        return outputs + op.parameterCount() * outputs / Math.max(1, node.shape().sampleDims()[
                node.shape().sampleDims().length - 1]);
    }

    private static Step concat(Concat op, Site s) {
        int a = op.axis() - 1;
        int outer = Nd.product(s.in(), 0, a);
        int[] blocks = new int[s.inSamples().size()];
        for (int i = 0; i < blocks.length; i++) {
            int[] d = s.inSamples().get(i);
            blocks[i] = Nd.product(d, a, d.length);
        }
        return new ConcatStep(s.name(), outer, blocks);
    }

    private static int[] spatial(int[] sample) {
        return Arrays.copyOf(sample, sample.length - 1);
    }

    private static int channels(int[] sample) {
        return sample[sample.length - 1];
    }
}
