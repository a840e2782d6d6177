package keras1j.cli;

import keras1j.onnx.OnnxExportOptions;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --opset N} (13..17), checked at parse time: export, and engines that run an ONNX export. */
final class OpsetOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private int opset = OnnxExportOptions.defaults().opset();

    @Option(names = "--opset", paramLabel = "N", description = "ONNX opset of the export, "
            + OnnxExportOptions.MIN_OPSET + " to " + OnnxExportOptions.MAX_OPSET + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "13")
    void setOpset(int value) {
        opset = OptionChecks.intIn(spec, "--opset", value, OnnxExportOptions.MIN_OPSET, OnnxExportOptions.MAX_OPSET);
    }

    int opset() {
        return opset;
    }

    OnnxExportOptions exportOptions() {
        return OnnxExportOptions.defaults().withOpset(opset);
    }
}
