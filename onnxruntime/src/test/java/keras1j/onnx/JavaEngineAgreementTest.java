package keras1j.onnx;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.onnx.OpCases.Case;
import keras1j.onnxruntime.OnnxRuntimeEngine;
import keras1j.runtime.exec.JavaEngine;
import keras1j.runtime.ir.GraphOutput;
import keras1j.runtime.tensor.Tensor;

/** The ONNX Runtime engine and the Java engine agree on every lowering case and on whole networks. */
class JavaEngineAgreementTest {

    static List<Case> cases() {
        return OpCases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxRuntimeMatchesTheJavaEngine(Case c) {
        try (JavaEngine java = JavaEngine.create(c.graph());
                OnnxRuntimeEngine ort = OnnxRuntimeEngine.create(c.graph(), OnnxExportOptions.defaults(), 1)) {
            Map<String, Tensor> expected = java.predict(c.inputs());
            Map<String, Tensor> got = ort.predict(c.inputs());
            for (GraphOutput o : c.graph().outputs()) {
                TestData.assertClose(expected.get(o.name()), got.get(o.name()), c.name());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void evaluateOfEveryValueMatchesTheJavaEngine(Case c) {
        List<String> values = c.graph().nodes().stream().map(n -> n.name()).toList();
        try (JavaEngine java = JavaEngine.create(c.graph());
                OnnxRuntimeEngine ort = OnnxRuntimeEngine.create(c.graph(), OnnxExportOptions.defaults(), 1)) {
            Map<String, Tensor> expected = java.evaluate(c.inputs(), values);
            Map<String, Tensor> got = ort.evaluate(c.inputs(), values);
            for (String v : values) {
                TestData.assertClose(expected.get(v), got.get(v), c.name() + " " + v);
            }
        }
    }
}
