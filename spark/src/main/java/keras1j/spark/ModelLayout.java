package keras1j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import keras1j.errors.UnsupportedFeatureException;
import keras1j.keras.ImportedModel;
import keras1j.runtime.ir.GraphInput;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.ir.Shape;

/**
 * The columns a model reads and writes: one per input layer and one per output layer, each holding a
 * sample flattened in the model's own (Keras) layout. Immutable, serializable and thread-safe.
 *
 * @param inputs  the model inputs, in model order
 * @param outputs the model outputs, in model order
 */
public record ModelLayout(List<Port> inputs, List<Port> outputs) implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * One model input or output.
     *
     * @param name        the Keras layer name, which is also the column name
     * @param sampleShape the sample shape without the batch axis
     */
    public record Port(String name, List<Integer> sampleShape) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Port {
            sampleShape = List.copyOf(sampleShape);
        }

        /** Values per row: the product of the sample shape. */
        public int size() {
            long n = 1;
            for (int d : sampleShape) {
                n *= d;
            }
            return (int) n;
        }

        int[] dims() {
            return sampleShape.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    public ModelLayout {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * The layout of an imported model.
     *
     * @throws UnsupportedFeatureException if a sample size is still open or exceeds an array's capacity
     */
    public static ModelLayout of(ImportedModel model) {
        List<Port> in = new ArrayList<>();
        for (GraphInput i : model.graph().inputs()) {
            in.add(port(i.name(), i.shape(), "input"));
        }
        List<Port> out = new ArrayList<>();
        for (GraphOutput o : model.graph().outputs()) {
            out.add(port(o.name(), model.graph().shapeOf(o.value()), "output"));
        }
        return new ModelLayout(in, out);
    }

    private static Port port(String name, Shape shape, String kind) {
        int[] dims = shape.sampleDims();
        long size = 1;
        for (int d : dims) {
            if (d < 1) {
                throw new UnsupportedFeatureException("model " + kind + " '" + name + "' has an open size "
                        + Arrays.toString(dims) + "; fix it with the input shape option (NAME=D1,D2,...)");
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new UnsupportedFeatureException("model " + kind + " '" + name + "' has " + size
                    + " values per sample, more than one array column can hold");
        }
        return new Port(name, Arrays.stream(dims).boxed().toList());
    }
}
