package keras1j.cli;

import java.util.Locale;

import keras1j.runtime.exec.Engine;
import keras1j.runtime.exec.EngineConfig;
import keras1j.runtime.exec.EngineRegistry;
import keras1j.runtime.ir.Graph;
import keras1j.runtime.tensor.WeightProgress;
import keras1j.verify.EngineKind;
import keras1j.verify.EngineSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --engine}, {@code --threads}, {@code --opset}: the options of commands that run a model. */
final class EngineOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    OpsetOption opset;

    private EngineKind kind = EngineKind.JAVA;
    private int threads = EngineSettings.defaults().threads();

    @Option(names = "--engine", paramLabel = "java|onnxruntime",
            description = "Engine to run on: java (keras1j's own) or onnxruntime (the ONNX export on ONNX Runtime); "
                    + "default: java.")
    void setEngine(String name) {
        try {
            kind = EngineKind.parse(name.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "invalid value for option '--engine': " + e.getMessage());
        }
    }

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads one prediction may use, 1 to " + EngineConfig.MAX_THREADS
                    + " (default: the number of processors).")
    void setThreads(int value) {
        threads = OptionChecks.intIn(spec, "--threads", value, 1, EngineConfig.MAX_THREADS);
    }

    EngineSettings settings() {
        return EngineSettings.defaults().withKind(kind).withThreads(threads).withOpset(opset.opset());
    }

    /**
     * A new engine for {@code graph} as {@link #settings()} say, reporting the weights it reads to
     * {@code weights} (like {@link keras1j.verify.Engines#open}, which has no listener); the caller
     * closes it.
     */
    Engine open(Graph graph, WeightProgress weights) {
        EngineSettings s = settings();
        return EngineRegistry.open(s.kind().cliName(), graph,
                new EngineConfig(s.threads(), s.opset()).withWeightProgress(weights));
    }
}
