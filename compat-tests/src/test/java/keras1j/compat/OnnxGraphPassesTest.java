package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import keras1j.keras.ImportedModel;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.onnx.OnnxExportOptions;
import keras1j.onnx.OnnxExporter;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.ir.pass.GraphOptimizer;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.FixtureCase;
import keras1j.verify.Verifier;
import keras1j.verify.VerifyReport;

/**
 * The ONNX export runs the IR passes the Java engine runs ({@link GraphOptimizer}) unless told not
 * to: a convolution followed by batch normalization exports as one Conv, the numbers of every case
 * the passes change stay within the manifest tolerance with and without them, and values asked for
 * (verify's per-layer outputs) survive, so verify on ONNX Runtime still names the first diverging layer.
 */
class OnnxGraphPassesTest {
    /** Convolution2D (th) -> BatchNormalization -> Activation. */
    private static final String BN_CASE = "keras1/batchnorm_conv2d_th";

    private static FixtureCase fixture(String name) {
        return Fixtures.all().stream().filter(c -> Fixtures.name(c).equals(name)).findFirst().orElseThrow();
    }

    private static long count(ModelProto m, String opType) {
        return m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
    }

    @Test
    void batchNormalizationIsFoldedIntoTheExportedConvolution() {
        Graph g = Fixtures.load(fixture(BN_CASE)).graph();
        ModelProto on = OnnxExporter.toModel(g, OnnxExportOptions.defaults());
        ModelProto off = OnnxExporter.toModel(g, OnnxExportOptions.defaults().withGraphPasses(false));
        // without the passes: Conv, then the affine map as Mul and Add, then Relu (plus layout transposes)
        assertEquals(1, count(off, "Conv"));
        assertEquals(1, count(off, "Mul"));
        assertEquals(1, count(off, "Add"));
        // with them: the scale and shift live in the Conv's weights and bias
        assertEquals(1, count(on, "Conv"));
        assertEquals(0, count(on, "Mul"));
        assertEquals(0, count(on, "Add"));
        assertEquals(off.getGraph().getNodeCount() - 2, on.getGraph().getNodeCount(), "two nodes fewer");
        NodeProto conv = on.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).findFirst()
                .orElseThrow();
        assertEquals(3, conv.getInputCount(), "the folded shift is the Conv's bias");
    }

    @Test
    void passesAreOnByDefaultAndCanBeTurnedOff() {
        assertTrue(OnnxExportOptions.defaults().graphPasses());
        assertTrue(new OnnxExportOptions(17).graphPasses());
        OnnxExportOptions off = OnnxExportOptions.defaults().withOpset(15).withGraphPasses(false);
        assertEquals(15, off.opset());
        assertEquals(false, off.graphPasses());
        assertEquals(false, off.withOpset(17).graphPasses(), "withOpset keeps the passes setting");
    }

    @Test
    void valuesTheExportIsAskedForSurviveThePasses() {
        ImportedModel model = Fixtures.load(fixture(BN_CASE));
        String conv = model.taps().get("convolution2d_1").value();
        ModelProto m = OnnxExporter.model(model.graph(), OnnxExportOptions.defaults(),
                List.of(new GraphOutput("conv", conv), model.graph().outputs().get(0)), false).toProto();
        assertEquals(List.of("conv", model.graph().outputs().get(0).name()),
                m.getGraph().getOutputList().stream().map(o -> o.getName()).toList());
        // the convolution's own output is needed, so the batch normalization stays a separate affine map
        assertEquals(1, count(m, "Mul"));
    }

    /** The fixture cases with references whose graph the passes change. */
    static Stream<Named<FixtureCase>> casesThePassesChange() {
        return Fixtures.cases(FixtureCase::hasReferenceIo).filter(n -> {
            Graph g = Fixtures.load(n.getPayload()).graph();
            return GraphOptimizer.optimize(g) != g;
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesThePassesChange")
    void numbersMatchKerasWithAndWithoutThePasses(FixtureCase c) {
        ImportedModel model = Fixtures.load(c);
        assertNotSame(model.graph(), GraphOptimizer.optimize(model.graph()));
        for (boolean passes : new boolean[] {true, false}) {
            try (Engine engine = OnnxRuntimeEngine.create(model.graph(),
                    OnnxExportOptions.defaults().withGraphPasses(passes), 1)) {
                Expect.matchesReference(c, model, engine);
            }
        }
    }

    @Test
    void verifyOnOnnxRuntimeNamesTheFirstDivergingLayerOfAFoldedModel(@TempDir Path dir) {
        FixtureCase c = fixture(BN_CASE);
        ImportedModel model = Fixtures.load(c);
        // references as if the model had gone wrong at the convolution, whose output the passes fold away
        Set<String> wrong = Set.of("convolution2d_1", "batchnormalization_1", "activation_1");
        Map<String, Map<String, Tensor>> groups = new LinkedHashMap<>();
        groups.put("inputs", Hdf5Tensors.readGroup(c.io(), "inputs"));
        groups.put("outputs", shifted(Hdf5Tensors.readGroup(c.io(), "outputs"), wrong));
        groups.put("layer_outputs", shifted(Hdf5Tensors.readGroup(c.io(), "layer_outputs"), wrong));
        Path io = dir.resolve("io.h5");
        Hdf5Tensors.writeGroups(io, groups);
        try (Engine engine = OnnxRuntimeEngine.create(model.graph(), OnnxExportOptions.defaults(), 1)) {
            VerifyReport report = Verifier.verify(model, engine, io, c.rtol(), c.atol());
            assertEquals("convolution2d_1", report.firstDivergence().orElseThrow().name());
            VerifyReport clean = Verifier.verify(model, engine, c.io(), c.rtol(), c.atol());
            assertTrue(clean.firstDivergence().isEmpty());
            assertTrue(clean.outputs().stream().allMatch(r -> r.passed()));
        }
    }

    private static Map<String, Tensor> shifted(Map<String, Tensor> tensors, Set<String> names) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> {
            float[] d = t.data().clone();
            if (names.contains(name)) {
                for (int i = 0; i < d.length; i++) {
                    d[i] += 0.5f;
                }
            }
            out.put(name, Tensor.of(d, t.shape()));
        });
        return out;
    }
}
