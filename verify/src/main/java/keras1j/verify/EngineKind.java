package keras1j.verify;

import java.util.Locale;

import keras1j.errors.InvalidInputException;

/** The engines a model can run on. */
public enum EngineKind {
    /** keras1j's pure-Java engine. */
    JAVA("java"),
    /** ONNX Runtime on the exported ONNX graph. */
    ONNXRUNTIME("onnxruntime");

    private final String cliName;

    EngineKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /** Parses a command-line engine name. */
    public static EngineKind parse(String s) {
        for (EngineKind k : values()) {
            if (k.cliName.equals(s.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new InvalidInputException("unknown engine '" + s + "' (expected java or onnxruntime)");
    }
}
