package keras1j.fuzz;

import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;
import keras1j.errors.Keras1jException;
import keras1j.keras.config.ModelConfigParser;
import keras1j.keras.io.KerasFiles;
import keras1j.keras.io.KerasModelSource;

/**
 * Fuzz target: the Keras JSON architecture reader and config parser ({@code model.to_json()} files).
 * Every outcome must be a parsed topology or a {@link Keras1jException} with a bounded one-line
 * message; anything else (another exception, an error, a hang) is a finding.
 */
class ModelConfigFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void parseConfig(byte[] data) {
        Path file = FuzzFiles.write(data);
        try {
            KerasModelSource source = KerasFiles.readArchitecture(file, null);
            ModelConfigParser.parse(source.modelConfig(), "fuzz.json");
        } catch (Keras1jException e) {
            Invariants.checkMessage(e);
        }
    }
}
