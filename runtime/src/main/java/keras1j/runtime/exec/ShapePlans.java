package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.errors.ShapeException;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.kernel.KernelSet;
import keras1j.runtime.tensor.Tensor;

/**
 * The plans of a graph with open input sizes ({@link Shape#UNKNOWN}): one {@link JavaEngine} per
 * concrete combination of input sample shapes, compiled on first use from
 * {@link Graph#withInputShapes} and kept in a small least-recently-used cache ({@link #CAPACITY}
 * entries; an evicted plan stays valid for calls still running on it). All plans share the owner's
 * worker threads. Thread-safe: lookups and compilations are serialized, runs are not.
 */
final class ShapePlans {
    /** Plans kept at most (each holds its own packed copy of the weights). */
    static final int CAPACITY = 16;

    private final Graph graph;
    private final JavaEngineOptions options;
    private final KernelSet kernels;
    private final Parallel parallel;
    private final Map<List<Shape>, JavaEngine> plans = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Shape>, JavaEngine> eldest) {
            return size() > CAPACITY;
        }
    };

    ShapePlans(Graph graph, JavaEngineOptions options, KernelSet kernels, Parallel parallel) {
        this.graph = graph;
        this.options = options;
        this.kernels = kernels;
        this.parallel = parallel;
    }

    /**
     * The engine for the shapes of {@code inputs}, compiled if needed.
     *
     * @throws InvalidInputException on a missing or unknown input, a rank or a declared size that does
     *                               not match, or shapes the model cannot compute (e.g. a sequence
     *                               shorter than a convolution window)
     */
    JavaEngine engineFor(Map<String, Tensor> inputs) {
        EngineInputs.check(graph, inputs);
        List<Shape> key = new ArrayList<>();
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (GraphInput gi : graph.inputs()) {
            Shape s = Shape.of(inputs.get(gi.name()).shape()).withBatch(Shape.BATCH);
            key.add(s);
            shapes.put(gi.name(), s);
        }
        synchronized (plans) {
            JavaEngine e = plans.get(key);
            if (e == null) {
                Graph concrete;
                try {
                    concrete = graph.withInputShapes(shapes);
                } catch (ShapeException ex) {
                    throw new InvalidInputException("the model cannot compute inputs of shapes " + shapes + ": "
                            + ex.getMessage());
                }
                e = JavaEngine.specialized(concrete, options, kernels, parallel);
                plans.put(key, e);
            }
            return e;
        }
    }

    /** Number of plans currently cached (for tests). */
    int size() {
        synchronized (plans) {
            return plans.size();
        }
    }
}
