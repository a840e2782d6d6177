package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;

import keras1j.keras.ImportedModel;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Comparison;
import keras1j.verify.FixtureCase;
import keras1j.verify.Verifier;
import keras1j.verify.VerifyReport;

/** Assertions against a case's reference outputs, with messages naming case, output and element. */
final class Expect {
    private Expect() {
    }

    /** Runs {@code engine} on the case's reference inputs; every output within the manifest tolerance. */
    static void matchesReference(FixtureCase c, ImportedModel model, Engine engine) {
        VerifyReport report = Verifier.verify(model, engine, c.io(), c.rtol(), c.atol());
        StringBuilder failures = new StringBuilder();
        for (Comparison r : report.outputs()) {
            if (!r.passed()) {
                failures.append(describe(c, r)).append('\n');
            }
        }
        report.firstDivergence().ifPresent(r -> failures.append("first diverging layer: ").append(describe(c, r)));
        if (failures.length() > 0) {
            fail(failures.toString());
        }
    }

    static String describe(FixtureCase c, Comparison r) {
        if (r.shapeError() != null) {
            return "case " + c.id() + ", output " + r.name() + ": " + r.shapeError();
        }
        return String.format("case %s, output %s, index %s, actual %s, expected %s, max |diff| %.3g"
                + " (rtol %g, atol %g)", c.id(), r.name(), java.util.Arrays.toString(r.worstIndex()), r.actual(),
                r.expected(), r.maxAbsDiff(), c.rtol(), c.atol());
    }

    /** The case's reference inputs for {@code model}. */
    static Map<String, Tensor> referenceInputs(FixtureCase c, ImportedModel model) {
        return Verifier.modelInputs(model, Hdf5Tensors.readGroup(c.io(), "inputs"), c.io());
    }

    static void allFinite(String what, Tensor t) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            if (!Float.isFinite(d[i])) {
                fail(what + ": non-finite value " + d[i] + " at " + java.util.Arrays.toString(Tensor.unflatten(i, t.shape())));
            }
        }
        assertTrue(d.length > 0, what + " is empty");
    }
}
