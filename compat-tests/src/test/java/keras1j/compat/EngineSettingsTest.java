package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import keras1j.onnx.OnnxExportOptions;
import keras1j.verify.EngineSettings;

/** The verification settings' default opset is the exporter's, without a dependency between the two. */
class EngineSettingsTest {
    @Test
    void defaultOpsetIsTheExportersDefault() {
        assertEquals(OnnxExportOptions.defaults().opset(), EngineSettings.DEFAULT_OPSET);
        assertEquals(OnnxExportOptions.defaults().opset(), EngineSettings.defaults().opset());
    }
}
