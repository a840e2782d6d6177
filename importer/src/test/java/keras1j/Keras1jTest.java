package keras1j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import keras1j.errors.InvalidInputException;
import keras1j.errors.InvalidModelException;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;

/** The one-call API on the bundled MNIST CNN: same classes as Keras, thread-safe, refuses weightless models. */
class Keras1jTest {
    private static final Path MNIST = Path.of("..", "fixtures", "keras1", "mnist_cnn_th");
    private static final Path TWO_IO = Path.of("..", "fixtures", "keras1", "two_inputs_two_outputs");

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void predictClassMatchesKerasOnEveryReferenceSample() throws Exception {
        Tensor images = Hdf5Tensors.readGroup(MNIST.resolve("io.h5"), "inputs").values().iterator().next();
        Tensor expected = Hdf5Tensors.readGroup(MNIST.resolve("io.h5"), "outputs").values().iterator().next();
        int classes = expected.dim(1);
        try (Model model = Keras1j.load(MNIST.resolve("model.h5"))) {
            int[] sampleShape = java.util.Arrays.copyOfRange(images.shape(), 1, images.rank());
            assertArrayEquals(sampleShape, model.inputShape());
            int n = images.dim(0);
            int size = images.size() / n;
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> got = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    float[] sample = Arrays.copyOfRange(images.data(), i * size, (i + 1) * size);
                    got.add(pool.submit(() -> model.predictClass(sample)));
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(argmax(expected.data(), i * classes, classes), got.get(i).get(), "sample " + i);
                }
            } finally {
                pool.shutdown();
            }
            float[] p = model.predict(Arrays.copyOf(images.data(), size));
            assertEquals(classes, p.length);
        }
    }

    @Test
    void wrongSampleSizeIsAnInputError() {
        try (Model model = Keras1j.load(MNIST.resolve("model.h5"))) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> model.predict(new float[3]));
            assertTrue(e.getMessage().contains("144 values per sample [1, 12, 12], got 3"), e.getMessage());
        }
    }

    @Test
    void severalInputsNeedTheMapForm() {
        try (Model model = Keras1j.load(TWO_IO.resolve("model.h5"))) {
            assertThrows(InvalidInputException.class, () -> model.predict(new float[1]));
            Map<String, Tensor> in = Hdf5Tensors.readGroup(TWO_IO.resolve("io.h5"), "inputs");
            assertEquals(model.outputNames(), List.copyOf(model.predict(in).keySet()));
        }
    }

    @Test
    void architectureWithoutWeightsIsRefused() {
        assertThrows(InvalidModelException.class, () -> Keras1j.load(MNIST.resolve("model.json")));
        try (Model m = Keras1j.load(MNIST.resolve("model.json"), MNIST.resolve("weights.h5"))) {
            assertEquals(m.imported().graph().outputs().size(), 1);
            assertEquals(5, m.predict(new float[144]).length);
        }
    }
}
