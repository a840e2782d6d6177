package keras1j.onnx;

import java.util.Map;

import org.junit.jupiter.api.Test;

import keras1j.runtime.ir.Conv;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphBuilder;
import keras1j.runtime.ir.Shape;
import keras1j.runtime.tensor.Tensor;

class SmokeTest {
    @Test
    void conv() {
        GraphBuilder b = new GraphBuilder();
        String x = b.input("x", Shape.batched(5, 6, 3));
        String y = b.add("conv", new Conv(TestData.random(1, 3, 3, 3, 4), TestData.randomVector(2, 4),
                new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), x);
        b.output("conv", y);
        Graph g = b.build();
        Tensor in = TestData.random(3, 2, 5, 6, 3);
        try (OnnxRuntimeEngine e = OnnxRuntimeEngine.create(g, OnnxExportOptions.defaults(), 1)) {
            Tensor got = e.predict(Map.of("x", in)).get("conv");
            Tensor want = NaiveReference.evaluate(g, Map.of("x", in)).get("conv");
            TestData.assertClose(want, got, "conv");
        }
    }
}
