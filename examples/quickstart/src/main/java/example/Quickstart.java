package example;

import java.nio.file.Path;
import java.util.Arrays;

import keras1j.Keras1j;
import keras1j.Model;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.tensor.Tensor;

/** Loads a Keras 1 model and prints the class it predicts for the first sample of its reference inputs. */
public final class Quickstart {
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "fixtures/keras1/mnist_cnn_th");
        Tensor digits = Hdf5Tensors.readGroup(dir.resolve("io.h5"), "inputs").values().iterator().next();
        try (Model model = Keras1j.load(dir.resolve("model.h5"))) {      // thread-safe; share it
            float[] image = Arrays.copyOf(digits.data(), digits.size() / digits.dim(0));  // first sample
            float[] probabilities = model.predict(image);
            int digit = model.predictClass(image);
            System.out.printf("predicted class: %d (p=%.3f)%n", digit, probabilities[digit]);
        }
    }
}
