package keras1j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.tensor.Tensor;

/**
 * A loaded model on an engine, for the common case of one input and one output
 * ({@link #predict(float[])}, {@link #predictClass(float[])}) and for any model
 * ({@link #predict(Map)}). Made by {@link Keras1j#load}.
 *
 * <p>Thread-safe: share one instance and call the predict methods from many threads. Close it when
 * done (it holds the engine's worker threads); it must not be used afterwards.
 */
public final class Model implements AutoCloseable {
    private final ImportedModel imported;
    private final Engine engine;

    Model(ImportedModel imported, Engine engine) {
        this.imported = imported;
        this.engine = engine;
    }

    /** What the import decided (backend, dim ordering, layers, graph). */
    public ImportedModel imported() {
        return imported;
    }

    /** Input names (the Keras input layer names), in model order. */
    public List<String> inputNames() {
        return imported.inputNames();
    }

    /** Output names (the Keras output layer names), in model order. */
    public List<String> outputNames() {
        return imported.outputNames();
    }

    /** The shape of one sample of the only input, without the batch axis (e.g. {@code [1, 28, 28]}). */
    public int[] inputShape() {
        return onlyInput().shape().sampleDims();
    }

    /**
     * Runs one sample through a model with one input and one output.
     *
     * @param sample the input values in row-major order of {@link #inputShape()} (Keras layout)
     * @return the output values of that sample, row-major in the output's Keras layout
     * @throws InvalidInputException if the model has several inputs or outputs, or the sample has
     *                               the wrong number of values
     */
    public float[] predict(float[] sample) {
        GraphInput in = onlyInput();
        if (imported.outputNames().size() != 1) {
            throw new InvalidInputException("the model has " + imported.outputNames().size() + " outputs "
                    + imported.outputNames() + ": use predict(Map)");
        }
        int[] dims = in.shape().sampleDims();
        long expected = Tensor.elementCount(dims);
        if (sample.length != expected) {
            throw new InvalidInputException("input '" + in.name() + "' takes " + expected + " values per sample "
                    + Arrays.toString(dims) + ", got " + sample.length);
        }
        int[] shape = new int[dims.length + 1];
        shape[0] = 1;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        Map<String, Tensor> out = engine.predict(Map.of(in.name(), Tensor.of(sample.clone(), shape)));
        return out.get(imported.outputNames().get(0)).data();
    }

    /**
     * The index of the largest output value of one sample (the class of a classifier), for a model
     * with one input and one output; the first one on ties.
     *
     * @throws InvalidInputException as {@link #predict(float[])}
     */
    public int predictClass(float[] sample) {
        float[] p = predict(sample);
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Runs a batch through any model.
     *
     * @param inputs one tensor per input name, batch first, Keras layout
     * @return one tensor per output name, in model order
     * @throws InvalidInputException on a missing, unknown or mis-shaped input
     */
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        return new LinkedHashMap<>(engine.predict(inputs));
    }

    /** Stops the engine's threads; the model must not be used afterwards. */
    @Override
    public void close() {
        engine.close();
    }

    private GraphInput onlyInput() {
        List<GraphInput> inputs = engine.graph().inputs();
        if (inputs.size() != 1) {
            throw new InvalidInputException("the model has " + inputs.size() + " inputs " + imported.inputNames()
                    + ": use predict(Map)");
        }
        return inputs.get(0);
    }
}
