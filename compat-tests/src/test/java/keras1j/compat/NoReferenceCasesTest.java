package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.keras.ImportedModel;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.exec.RandomInputs;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Comparison;
import keras1j.verify.FixtureCase;

/**
 * Genuine Keras 1 files without reference outputs: they must import; those with weights must run on
 * both engines with finite outputs of the right shapes (and the engines must agree); architecture-only
 * configs must infer the output shapes the original models declare.
 */
class NoReferenceCasesTest {
    /**
     * Output shapes of the architecture-only models, as their authors defined them (ImageNet
     * classifiers end in 1000 classes, YOLO v1 tiny in 7*7*30 = 1470, the MNIST CNNs in 10 ...).
     */
    private static final Map<String, String> DECLARED_OUTPUTS = Map.of(
            "kerasjs_demo_resnet50_config", "(None, 1000)",
            "kerasjs_demo_inception_v3_config", "(None, 1000)",
            "kerasjs_demo_xception_config", "(None, 1000)",
            "kerasjs_demo_mnist_cnn_config", "(None, 10)",
            "dl4j_cnn_tf_config_keras1", "(None, 3)",
            "dl4j_cnn_th_config_keras1", "(None, 3)",
            "dl4j_embedding_conv1d_tf_config_keras1", "(None, 1)",
            "dl4j_mnist_cnn_no_bias_tf_config_keras1", "(None, 10)",
            "dl4j_mnist_cnn_reshape_tf_config_keras1", "(None, 10)",
            "dl4j_yolo_th_config_keras1", "(None, 1470)");

    /** Engines agree to float32 re-association error accumulated over a whole model. */
    private static final double ENGINE_RTOL = 1e-4;
    private static final double ENGINE_ATOL = 1e-5;

    static Stream<Named<FixtureCase>> withWeights() {
        return Fixtures.cases(c -> !c.hasReferenceIo() && c.weights().isPresent());
    }

    static Stream<Named<FixtureCase>> architectureOnly() {
        return Fixtures.cases(c -> !c.hasReferenceIo() && c.weights().isEmpty() && c.fullModel().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withWeights")
    void genuineModelRunsOnBothEnginesWithFiniteAgreeingOutputs(FixtureCase c) {
        ImportedModel model = Fixtures.load(c);
        assertTrue(model.hasWeights(), "weights loaded");
        Map<String, Tensor> inputs = RandomInputs.of(model.graph(), 2, new Random(7));
        Map<String, Tensor> java;
        Map<String, Tensor> ort;
        try (Engine engine = JavaEngine.create(model.graph())) {
            java = engine.predict(inputs);
        }
        try (Engine engine = OnnxRuntimeEngine.create(model.graph(), OnnxExportOptions.defaults(), 1)) {
            ort = engine.predict(inputs);
        }
        assertEquals(model.outputNames(), List.copyOf(java.keySet()), "output names");
        for (String out : model.outputNames()) {
            Tensor t = java.get(out);
            assertArrayEquals(model.graph().shapeOf(outputValue(model, out)).withBatch(2).dims(), t.shape(),
                    "shape of " + out);
            Expect.allFinite(c.id() + " output " + out, t);
            Comparison agreement = Comparison.of(out, ort.get(out), t, ENGINE_RTOL, ENGINE_ATOL);
            assertTrue(agreement.passed(), "ONNX Runtime vs Java engine: " + agreement.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectureOnly")
    void architectureOnlyConfigInfersDeclaredOutputShape(FixtureCase c) {
        ImportedModel model = Fixtures.load(c);
        assertFalse(model.hasWeights(), "no weights");
        String out = model.outputNames().get(0);
        assertEquals(DECLARED_OUTPUTS.get(c.id()), model.graph().shapeOf(outputValue(model, out)).toString(),
                "output " + out + " of " + c.id());
    }

    @Test
    void everyArchitectureOnlyCaseHasADeclaredOutput() {
        assertEquals(DECLARED_OUTPUTS.keySet(),
                architectureOnly().map(n -> n.getPayload().id()).collect(java.util.stream.Collectors.toSet()));
    }

    private static String outputValue(ImportedModel model, String output) {
        return model.graph().outputs().stream().filter(o -> o.name().equals(output)).findFirst().orElseThrow().value();
    }
}
