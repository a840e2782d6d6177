package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.errors.ShapeException;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.ConvTranspose;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Elementwise;
import keras1j.runtime.ir.ElementwiseKind;
import keras1j.runtime.ir.Gather;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Op;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.RepeatVector;
import keras1j.runtime.ir.Reshape;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Transpose;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/** The graph builder rejects ill-shaped ops where they are added, naming the node. */
class ShapeInferenceTest {

    private static Arguments bad(String name, Op op, int[]... inputs) {
        return Arguments.of(Named.of(name, op), inputs);
    }

    static Stream<Arguments> badOps() {
        int[] img = {8, 8, 3};
        return Stream.of(
                bad("conv input channels", new Conv(Tensor.zeros(3, 3, 4, 5), null, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), img),
                bad("conv groups not dividing", new Conv(Tensor.zeros(3, 3, 1, 5), null, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 3), img),
                bad("conv window larger than input", new Conv(Tensor.zeros(9, 3, 3, 5), null, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), img),
                bad("conv stride 0", new Conv(Tensor.zeros(3, 3, 3, 5), null, new int[] {0, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), img),
                bad("conv rank mismatch", new Conv(Tensor.zeros(3, 3, 3, 5), null, new int[] {1, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), new int[] {8, 3}),
                bad("conv bias length", new Conv(Tensor.zeros(3, 3, 3, 5), new float[4], new int[] {1, 1},
                        new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0}, 1), img),
                bad("conv transpose channels", new ConvTranspose(Tensor.zeros(3, 3, 4, 5), null, new int[] {1, 1},
                        new int[] {0, 0}, new int[] {10, 10}), img),
                bad("pool pads as large as window", new Pool(PoolKind.MAX, new int[] {2, 2}, new int[] {1, 1},
                        new int[] {2, 0}, new int[] {0, 0}), img),
                bad("dense input size", new Dense(Tensor.zeros(4, 2), null), new int[] {5}),
                bad("pad on batch axis", new Pad(new int[] {1, 0, 0, 0}, new int[] {0, 0, 0, 0}), img),
                bad("crop leaving nothing", new Crop(new int[] {0, 4, 0, 0}, new int[] {0, 4, 0, 0}), img),
                bad("upsample factor 0", new Upsample(new int[] {1, 0, 1, 1}), img),
                bad("softmax on batch axis", new Softmax(0), new int[] {4}),
                bad("elementwise shapes differ", new Elementwise(ElementwiseKind.SUM), new int[] {4},
                        new int[] {5}),
                bad("concat other axes differ", new Concat(1), new int[] {2, 4}, new int[] {2, 5}),
                bad("reshape element count", new Reshape(new int[] {5}), new int[] {2, 3}),
                bad("transpose not a permutation", new Transpose(new int[] {0, 1, 1}), new int[] {2, 3}),
                bad("transpose moving batch", new Transpose(new int[] {1, 0, 2}), new int[] {2, 3}),
                bad("repeat vector on rank 3", new RepeatVector(2), new int[] {2, 3}),
                bad("gather table not a matrix", new Gather(Tensor.zeros(4)), new int[] {3}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOps")
    void builderRejectsIllShapedOp(Op op, int[][] inputs) {
        GraphBuilder b = new GraphBuilder();
        String[] names = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            names[i] = b.input("in" + i, Shape.batched(inputs[i]));
        }
        ShapeException e = assertThrows(ShapeException.class, () -> b.add("bad_node", op, names));
        assertTrue(e.getMessage().contains("bad_node"), e.getMessage());
    }
}
