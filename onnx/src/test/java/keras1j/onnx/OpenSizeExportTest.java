package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.ir.Activation;
import keras1j.runtime.ir.ActivationKind;
import keras1j.runtime.ir.Concat;
import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Crop;
import keras1j.runtime.ir.Dense;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Pad;
import keras1j.runtime.ir.Pool;
import keras1j.runtime.ir.PoolKind;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.ir.Softmax;
import keras1j.runtime.ir.Upsample;
import keras1j.runtime.tensor.Tensor;

/**
 * A graph whose input leaves the time axis open exports once, with a symbolic time axis, and runs
 * on ONNX Runtime at any length like the Java engine: the lowering of every op on the way is
 * shape-agnostic (pad, convolution, crop counted from the end, pooling, upsampling, concatenation,
 * dense per step, softmax).
 */
class OpenSizeExportTest {
    private static Graph graph() {
        GraphBuilder b = new GraphBuilder();
        b.input("x", Shape.of(Shape.BATCH, Shape.UNKNOWN, 3));
        b.add("pad", new Pad(new int[] {0, 2, 0}, new int[] {0, 1, 0}), "x");
        b.add("conv", new Conv(TestData.random(1, 3, 3, 4), TestData.randomVector(2, 4), new int[] {1},
                new int[] {1}, new int[] {0}, new int[] {0}, 1), "pad");
        b.add("relu", Activation.of(ActivationKind.RELU), "conv");
        b.add("crop", new Crop(new int[] {0, 1, 0}, new int[] {0, 1, 0}), "relu");
        b.add("pool", new Pool(PoolKind.MAX, new int[] {2}, new int[] {1}, new int[] {0}, new int[] {1}), "crop");
        b.add("up", new Upsample(new int[] {1, 2, 1}), "pool");
        b.add("both", new Concat(1), "up", "crop");
        b.add("dense", new Dense(TestData.random(3, 4, 2), TestData.randomVector(4, 2)), "both");
        b.add("probs", new Softmax(2), "dense");
        b.output("probs", "probs");
        return b.build();
    }

    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {OnnxExportOptions.MIN_OPSET, OnnxExportOptions.MAX_OPSET})
    void runsTwoLengthsLikeTheJavaEngine(int opset) {
        Graph g = graph();
        try (JavaEngine java = JavaEngine.create(g)) {
            for (int length : new int[] {3, 8}) {
                Map<String, Tensor> in = Map.of("x", TestData.random(10 + length, 2, length, 3));
                TestData.assertClose(java.predict(in).get("probs"),
                        OrtRunner.predict(g, OnnxExportOptions.defaults().withOpset(opset), in).get("probs"),
                        "length " + length);
            }
        }
    }

    @ParameterizedTest(name = "opset {0}")
    @ValueSource(ints = {OnnxExportOptions.MIN_OPSET, OnnxExportOptions.MAX_OPSET})
    void theOpenAxisIsSymbolicOnTheInputAndUnsizedOnTheOutput(int opset) {
        ModelProto m = OnnxExporter.toModel(graph(), OnnxExportOptions.defaults().withOpset(opset));
        TensorShapeProto in = m.getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("x_dim1", in.getDim(1).getDimParam());
        assertEquals(3, in.getDim(2).getDimValue());
        TensorShapeProto out = m.getGraph().getOutput(0).getType().getTensorType().getShape();
        assertFalse(out.getDim(1).hasDimValue());
        assertEquals(2, out.getDim(2).getDimValue());
    }
}
