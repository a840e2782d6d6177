package keras1j.runtime.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.ChannelAffine;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.GlobalPool;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.PRelu;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/** Every non-convolution op on generated problems, against the naive reference, batch 1 and 3. */
class OpsTest {

    /** A test problem: builds a single-op graph from a random source. */
    interface Problem extends Function<Random, Graph> {
    }

    private static Arguments p(String name, Problem problem) {
        return Arguments.of(Named.of(name, problem));
    }

    static Stream<Arguments> pools() {
        List<Arguments> c = new ArrayList<>();
        for (PoolKind kind : PoolKind.values()) {
            c.add(p(kind + " 1D k3 s2 pads 1/2", r -> Problems.single(new Pool(kind, new int[] {3}, new int[] {2},
                    new int[] {1}, new int[] {2}), new int[] {10, 3})));
            c.add(p(kind + " 2D k2 s2", r -> Problems.single(new Pool(kind, new int[] {2, 2}, new int[] {2, 2},
                    new int[] {0, 0}, new int[] {0, 0}), new int[] {8, 7, 4})));
            c.add(p(kind + " 2D k3 s1 pads 1", r -> Problems.single(new Pool(kind, new int[] {3, 3},
                    new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}), new int[] {6, 5, 3})));
            c.add(p(kind + " 2D k3x2 s2x1 pads 2,0/0,1", r -> Problems.single(new Pool(kind, new int[] {3, 2},
                    new int[] {2, 1}, new int[] {2, 0}, new int[] {0, 1}), new int[] {7, 6, 2})));
            c.add(p(kind + " 2D large", r -> Problems.single(new Pool(kind, new int[] {3, 3}, new int[] {2, 2},
                    new int[] {1, 1}, new int[] {1, 1}), new int[] {40, 40, 32})));
            c.add(p(kind + " 3D k2x3x2 s1x2x2 pads", r -> Problems.single(new Pool(kind, new int[] {2, 3, 2},
                    new int[] {1, 2, 2}, new int[] {1, 1, 0}, new int[] {0, 2, 1}), new int[] {4, 6, 5, 3})));
        }
        return c.stream();
    }

    static Stream<Arguments> others() {
        List<Arguments> c = new ArrayList<>();
        for (PoolKind kind : PoolKind.values()) {
            c.add(p("GlobalPool " + kind + " 1D", r -> Problems.single(new GlobalPool(kind), new int[] {9, 5})));
            c.add(p("GlobalPool " + kind + " 2D", r -> Problems.single(new GlobalPool(kind), new int[] {6, 7, 4})));
            c.add(p("GlobalPool " + kind + " 3D", r -> Problems.single(new GlobalPool(kind), new int[] {3, 4, 5, 2})));
        }
        c.add(p("Pad 2D spatial", r -> Problems.single(new Pad(new int[] {0, 1, 2, 0}, new int[] {0, 3, 0, 0}),
                new int[] {4, 5, 3})));
        c.add(p("Pad channels", r -> Problems.single(new Pad(new int[] {0, 0, 2}, new int[] {0, 0, 1}),
                new int[] {4, 3})));
        c.add(p("Pad 3D", r -> Problems.single(new Pad(new int[] {0, 1, 0, 2, 0}, new int[] {0, 0, 1, 1, 0}),
                new int[] {2, 3, 4, 2})));
        c.add(p("Crop 1D", r -> Problems.single(new Crop(new int[] {0, 2, 0}, new int[] {0, 1, 0}),
                new int[] {8, 3})));
        c.add(p("Crop 2D including channels", r -> Problems.single(new Crop(new int[] {0, 1, 0, 1},
                new int[] {0, 2, 1, 0}), new int[] {6, 5, 3})));
        c.add(p("Upsample 1D", r -> Problems.single(new Upsample(new int[] {1, 3, 1}), new int[] {4, 2})));
        c.add(p("Upsample 2D", r -> Problems.single(new Upsample(new int[] {1, 2, 3, 1}), new int[] {3, 4, 2})));
        c.add(p("Upsample 3D", r -> Problems.single(new Upsample(new int[] {1, 2, 1, 2, 1}),
                new int[] {2, 3, 2, 2})));
        c.add(p("Upsample last axis", r -> Problems.single(new Upsample(new int[] {1, 1, 2}), new int[] {3, 4})));
        c.add(p("Dense", r -> Problems.single(new Dense(Problems.random(r, 7, 5), Problems.randomVector(r, 5)),
                new int[] {7})));
        c.add(p("Dense without bias", r -> Problems.single(new Dense(Problems.random(r, 7, 5), null),
                new int[] {7})));
        c.add(p("Dense wide, many panels", r -> Problems.single(new Dense(Problems.random(r, 150, 300),
                Problems.randomVector(r, 300)), new int[] {150})));
        c.add(p("Dense on rank 3 (time distributed)", r -> Problems.single(new Dense(Problems.random(r, 6, 4),
                Problems.randomVector(r, 4)), new int[] {70, 6})));
        c.add(p("ChannelAffine last axis", r -> Problems.single(new ChannelAffine(3, Problems.randomVector(r, 4),
                Problems.randomVector(r, 4)), new int[] {3, 5, 4})));
        c.add(p("ChannelAffine axis 1 (th ordering)", r -> Problems.single(new ChannelAffine(1,
                Problems.randomVector(r, 3), Problems.randomVector(r, 3)), new int[] {3, 5, 4})));
        c.add(p("ChannelAffine middle axis", r -> Problems.single(new ChannelAffine(2,
                Problems.randomVector(r, 5), Problems.randomVector(r, 5)), new int[] {3, 5, 4})));
        for (ActivationKind kind : ActivationKind.values()) {
            c.add(p("Activation " + kind, r -> Problems.single(new Activation(kind, 0.3f), new int[] {5, 7})));
        }
        c.add(p("Activation RELU large", r -> Problems.single(Activation.of(ActivationKind.RELU),
                new int[] {100, 300})));
        c.add(p("Activation TANH large", r -> Problems.single(Activation.of(ActivationKind.TANH),
                new int[] {100, 300})));
        c.add(p("Softmax last axis", r -> Problems.single(new Softmax(1), new int[] {10})));
        c.add(p("Softmax last axis of rank 3", r -> Problems.single(new Softmax(2), new int[] {4, 6})));
        c.add(p("Softmax axis 1 of rank 4", r -> Problems.single(new Softmax(1), new int[] {3, 4, 5})));
        c.add(p("Softmax middle axis", r -> Problems.single(new Softmax(2), new int[] {3, 4, 5})));
        c.add(p("PRelu", r -> Problems.single(new PRelu(Problems.random(r, 4, 3)), new int[] {4, 3})));
        for (ElementwiseKind kind : ElementwiseKind.values()) {
            c.add(p("Elementwise " + kind + " of 2", r -> Problems.single(new Elementwise(kind), new int[] {4, 3},
                    new int[] {4, 3})));
            c.add(p("Elementwise " + kind + " of 3", r -> Problems.single(new Elementwise(kind), new int[] {5},
                    new int[] {5}, new int[] {5})));
        }
        c.add(p("Concat last axis", r -> Problems.single(new Concat(2), new int[] {3, 2}, new int[] {3, 5})));
        c.add(p("Concat axis 1 of three", r -> Problems.single(new Concat(1), new int[] {1, 4}, new int[] {3, 4},
                new int[] {2, 4})));
        c.add(p("Concat middle axis", r -> Problems.single(new Concat(2), new int[] {2, 3, 4}, new int[] {2, 1, 4})));
        c.add(p("Reshape", r -> Problems.single(new Reshape(new int[] {6, 2}), new int[] {3, 4})));
        c.add(p("Transpose 2D swap", r -> Problems.single(new Transpose(new int[] {0, 2, 1}), new int[] {3, 5})));
        c.add(p("Transpose channels first to last", r -> Problems.single(new Transpose(new int[] {0, 2, 3, 1}),
                new int[] {3, 4, 5})));
        c.add(p("Transpose rank 5", r -> Problems.single(new Transpose(new int[] {0, 3, 1, 4, 2}),
                new int[] {2, 3, 4, 5})));
        c.add(p("Transpose keeping last axis", r -> Problems.single(new Transpose(new int[] {0, 2, 1, 3}),
                new int[] {3, 4, 5})));
        c.add(p("RepeatVector", r -> Problems.single(new RepeatVector(3), new int[] {4})));
        return c.stream();
    }

    @ParameterizedTest(name = "{0} batch 1")
    @MethodSource("pools")
    void poolingMatchesReferenceOnOneSample(Problem problem) {
        check(problem, 1);
    }

    @ParameterizedTest(name = "{0} batch 3")
    @MethodSource("pools")
    void poolingMatchesReferenceOnThreeSamples(Problem problem) {
        check(problem, 3);
    }

    @ParameterizedTest(name = "{0} batch 1")
    @MethodSource("others")
    void opMatchesReferenceOnOneSample(Problem problem) {
        check(problem, 1);
    }

    @ParameterizedTest(name = "{0} batch 3")
    @MethodSource("others")
    void opMatchesReferenceOnThreeSamples(Problem problem) {
        check(problem, 3);
    }

    @ParameterizedTest(name = "Gather batch {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 3})
    void gatherLooksUpRows(int batch) {
        Random r = new Random(7);
        Graph g = Problems.single(new Gather(Problems.random(r, 10, 4)), new int[] {6});
        float[] ids = new float[batch * 6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(10);
        }
        Problems.check(g, Map.of("x0", Tensor.of(ids, batch, 6)), 2);
    }

    private static void check(Problem problem, int batch) {
        Random r = new Random(42);
        Graph g = problem.apply(r);
        Problems.check(g, Problems.inputs(g, r, batch), 2);
    }
}
