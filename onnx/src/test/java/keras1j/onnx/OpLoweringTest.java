package keras1j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import keras1j.onnx.OpCases.Case;
import keras1j.runtime.ir.Op;
import keras1j.runtime.tensor.Tensor;

/** Every lowering path, at every supported opset, against the naive reference interpreter. */
class OpLoweringTest {

    static Stream<Arguments> casesAtEveryOpset() {
        return OpCases.all().stream().flatMap(c -> IntStream.rangeClosed(OnnxExportOptions.MIN_OPSET,
                OnnxExportOptions.MAX_OPSET).mapToObj(opset -> Arguments.of(c, opset)));
    }

    @ParameterizedTest(name = "{0} opset {1}")
    @MethodSource("casesAtEveryOpset")
    void onnxRuntimeMatchesReference(Case c, int opset) {
        Tensor expected = NaiveReference.evaluate(c.graph(), c.inputs()).get("y");
        Map<String, Tensor> out = OrtRunner.predict(c.graph(), OnnxExportOptions.defaults().withOpset(opset),
                c.inputs());
        assertEquals(Set.of("y"), out.keySet());
        TestData.assertClose(expected, out.get("y"), c.name());
    }

    @Test
    void everyOpKindHasALoweringCase() {
        Set<Class<?>> covered = new HashSet<>();
        for (Case c : OpCases.all()) {
            covered.add(c.op().getClass());
        }
        for (Class<?> kind : Op.class.getPermittedSubclasses()) {
            assertTrue(covered.contains(kind), "no lowering case for " + kind.getSimpleName());
        }
    }
}
