package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;


import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import keras1j.errors.InvalidInputException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.KerasModelSource;
import keras1j.keras.io.NamedWeight;
import keras1j.keras.io.WeightStore;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxExporter;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.tensor.Tensor;

/**
 * A model whose input leaves the time axis open ({@code batch_input_shape [null, null, 8]}) imports
 * without a shape option, shows {@code None} in its summary, runs on sequences of any length on both
 * engines and exports with a symbolic time axis.
 */
class OpenSizeTest {
    /** Keras 1.2.2 {@code to_json()} of Convolution1D(2, 3, input_shape=(None, 8)), GlobalAveragePooling1D. */
    private static final String JSON = """
            {"class_name": "Sequential", "config": [{"class_name": "Convolution1D", "config": {"name": \
            "convolution1d_1", "trainable": true, "batch_input_shape": [null, null, 8], "input_dtype": "float32", \
            "nb_filter": 2, "filter_length": 3, "init": "glorot_uniform", "activation": "linear", "border_mode": \
            "valid", "subsample_length": 1, "W_regularizer": null, "b_regularizer": null, "activity_regularizer": \
            null, "W_constraint": null, "b_constraint": null, "bias": true, "input_dim": 8, "input_length": null}}, \
            {"class_name": "GlobalAveragePooling1D", "config": {"name": "globalaveragepooling1d_1", "trainable": \
            true}}], "keras_version": "1.2.2"}""";

    /**
     * TensorFlow weights (no kernel flip): filter 0 sums feature 0 over the window, filter 1 is twice
     * feature 1 at the window's middle step plus a bias of 0.5.
     */
    private static ImportedModel model() throws Exception {
        float[] w = new float[3 * 8 * 2];
        for (int j = 0; j < 3; j++) {
            w[(j * 8) * 2] = 1f;
        }
        w[(8 + 1) * 2 + 1] = 2f;
        WeightStore weights = WeightStore.inMemory(Path.of("weights.h5"), Map.of(
                "convolution1d_1", List.of(new NamedWeight("convolution1d_1_W:0", Tensor.of(w, 3, 1, 8, 2)),
                        new NamedWeight("convolution1d_1_b:0", Tensor.of(new float[] {0f, 0.5f}, 2))),
                "globalaveragepooling1d_1", List.of()));
        KerasModelSource source = new KerasModelSource(Path.of("open.json"), Optional.of("1.2.2"),
                JSON, Optional.of(weights));
        return KerasModelLoader.load(source, ImportOptions.defaults());
    }

    /** Feature 0 of step t is t times the sample's scale, feature 1 is 1, the others 0. */
    private static Tensor sequences(int length) {
        float[] x = new float[2 * length * 8];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < length; t++) {
                x[(b * length + t) * 8] = t * (b + 1);
                x[(b * length + t) * 8 + 1] = 1f;
            }
        }
        return Tensor.of(x, 2, length, 8);
    }

    /**
     * Window p of filter 0 sums (p + p+1 + p+2) * scale = (3p + 3) * scale; the mean over p = 0..T-3 is
     * (1.5 T - 1.5) * scale. Filter 1 is 2 * 1 + 0.5 everywhere.
     */
    private static float[] expected(int length) {
        float f0 = 1.5f * length - 1.5f;
        return new float[] {f0, 2.5f, 2 * f0, 2.5f};
    }

    @Test
    void summaryShowsTheOpenAxisAsNone() throws Exception {
        ImportedModel m = model();
        assertEquals(List.of("(None, None, 2)"), m.layers().get(0).outputShapes());
        assertEquals(List.of("(None, 2)"), m.layers().get(1).outputShapes());
    }

    @Test
    void javaEngineRunsTwoLengths() throws Exception {
        ImportedModel m = model();
        try (Engine engine = JavaEngine.create(m.graph())) {
            for (int length : new int[] {5, 9, 5}) {
                Tensor y = engine.predict(Map.of("convolution1d_input_1", sequences(length)))
                        .get("globalaveragepooling1d_1");
                assertArrayEquals(new int[] {2, 2}, y.shape());
                assertArrayEquals(expected(length), y.data(), 1e-5f, "length " + length);
            }
        }
    }

    @Test
    void onnxRuntimeRunsTwoLengthsOnOneExportAtEveryOpset() throws Exception {
        ImportedModel m = model();
        for (int opset = OnnxExportOptions.MIN_OPSET; opset <= OnnxExportOptions.MAX_OPSET; opset++) {
            try (Engine engine = OnnxRuntimeEngine.create(m.graph(), OnnxExportOptions.defaults().withOpset(opset), 1)) {
                for (int length : new int[] {5, 9}) {
                    Tensor y = engine.predict(Map.of("convolution1d_input_1", sequences(length)))
                            .get("globalaveragepooling1d_1");
                    assertArrayEquals(expected(length), y.data(), 1e-5f, "opset " + opset + ", length " + length);
                }
            }
        }
    }

    @Test
    void exportKeepsTheTimeAxisSymbolic() throws Exception {
        ModelProto onnx = OnnxExporter.toModel(model().graph(), OnnxExportOptions.defaults());
        TensorShapeProto shape = onnx.getGraph().getInput(0).getType().getTensorType().getShape();
        assertEquals("N", shape.getDim(0).getDimParam());
        assertEquals("convolution1d_input_1_dim1", shape.getDim(1).getDimParam());
        assertEquals(8, shape.getDim(2).getDimValue());
    }

    @Test
    void aSequenceShorterThanTheWindowIsABadInputOnTheJavaEngine() throws Exception {
        try (Engine engine = JavaEngine.create(model().graph())) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> engine.predict(Map.of("convolution1d_input_1", sequences(2))));
            assertEquals(true, e.getMessage().contains("convolution1d_input_1"), e.getMessage());
        }
    }

    @Test
    void aFixedInputShapeStillSpecializesTheImport() throws Exception {
        ImportedModel m = KerasModelLoader.load(new KerasModelSource(Path.of("open.json"), Optional.of("1.2.2"),
                JSON, Optional.empty()),
                ImportOptions.defaults().withInputShape("convolution1d_input_1", 6, 8));
        assertEquals(List.of("(None, 4, 2)"), m.layers().get(0).outputShapes());
    }
}
