package keras1j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import keras1j.runtime.ir.Graph;
import org.junit.jupiter.api.Test;

class BenchModelsTest {
    @Test
    void registryListsTheFixtureAndSyntheticModelsInReportOrder() {
        assertEquals(List.of("mnist_cnn_th", "mnist_cnn_tf", "vgg16_blocks12", "c3d_blocks12", "dcgan_generator",
                "wavenet_stack", "vgg16", "resnet50"), BenchModels.all().stream().map(BenchModel::id).toList());
    }

    @Test
    void fixtureModelIsReadFromTheRepository() {
        Graph g = BenchModels.get("mnist_cnn_th").load().graph();
        assertArrayEquals(new int[] {1, 12, 12}, g.inputs().get(0).shape().sampleDims());
        assertEquals(1313, g.parameterCount());
    }

    @Test
    void resNet50IsTheFixtureArchitectureWithRandomWeights() {
        Graph g = BenchModels.get("resnet50").load().graph();
        assertArrayEquals(new int[] {224, 224, 3}, g.inputs().get(0).shape().sampleDims());
        assertArrayEquals(new int[] {1000}, g.shapeOf(g.outputs().get(0).value()).sampleDims());
        // 3.83 billion multiply-accumulates per image (convolutions and the classifier; Keras 1 strides
        // the first 1x1 convolution of stages 3-5)
        assertEquals(7.669, Flops.of(g, 1) / 1e9, 0.001);
    }

    @Test
    void unknownModelIsRejectedWithTheKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchModels.get("vgg19"));
        assertTrue(e.getMessage().contains("unknown benchmark model 'vgg19', expected one of mnist_cnn_th,"),
                e.getMessage());
    }
}
