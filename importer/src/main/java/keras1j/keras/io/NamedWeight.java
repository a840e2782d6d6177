package keras1j.keras.io;

import keras1j.runtime.tensor.Tensor;

/**
 * One saved weight of a layer, exactly as stored: its HDF5 name (e.g. {@code convolution2d_1_W} on
 * Theano, {@code convolution2d_1_W:0} on TensorFlow) and its value converted to float32.
 */
public record NamedWeight(String name, Tensor value) {
}
