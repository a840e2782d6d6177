package keras1j.keras.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import keras1j.keras.ImportedModel;
import keras1j.keras.LayerSummary;

/** Assertion on one row of an import's layer summary. */
final class LayerSummaryAssert {
    private LayerSummaryAssert() {
    }

    static void summary(ImportedModel m, String layer, String className, List<String> shapes, long parameters) {
        LayerSummary s = m.layers().stream().filter(l -> l.name().equals(layer)).findFirst()
                .orElseThrow(() -> new AssertionError("no layer " + layer));
        assertEquals(className, s.className());
        assertEquals(shapes, s.outputShapes());
        assertEquals(parameters, s.parameterCount());
    }
}
