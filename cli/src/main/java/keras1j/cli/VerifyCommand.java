package keras1j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import keras1j.cli.io.Progress;
import keras1j.cli.io.WeightsBar;
import keras1j.errors.Keras1jException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.runtime.tensor.Tensor;
import keras1j.verify.Comparison;
import keras1j.verify.EngineSettings;
import keras1j.verify.Engines;
import keras1j.verify.FixtureCase;
import keras1j.verify.Manifest;
import keras1j.verify.Verifier;
import keras1j.verify.VerifyReport;
import keras1j.verify.report.HtmlReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code keras1j verify MODEL --io IO.h5} checks one model against reference outputs;
 * {@code keras1j verify DIR} runs every case with reference outputs of a fixture set, lists the
 * cases it skipped and why, and fails when no case ran.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"MODEL --io IO.h5: one line per output (name, shape, max |diff|, PASS/FAIL); on a failure "
                + "with layer_outputs/ in IO.h5, the first diverging layer. Exit 1 when an output fails.",
                "DIR: every case with reference outputs of a fixture folder (manifest.json), one line each "
                        + "(skipped cases with the reason), then 'N passed, M failed, K skipped'. Exit 1 when a "
                        + "case fails or none ran."})
final class VerifyCommand extends ModelCommand {
    static final double DEFAULT_RTOL = 1e-4;
    static final double DEFAULT_ATOL = 1e-5;

    @Parameters(index = "0", paramLabel = "MODEL|DIR",
            description = "A full-model .h5 or a .json with --weights; or a fixture folder with manifest.json.")
    Path target;

    @Mixin
    EngineOptions engineOptions;

    @Option(names = "--io", paramLabel = "IO.h5",
            description = "Reference data: inputs/<input layer>, outputs/<output layer>, optionally "
                    + "layer_outputs/<layer>. Required with MODEL.")
    Path io;

    @Option(names = "--summary", description = "Print the model summary first (MODEL only).")
    boolean summary;

    private Path html;

    @Option(names = "--report", paramLabel = "REPORT.html", description = "MODEL only: also write one "
            + "self-contained HTML page of the verification (layer graph coloured by max |diff|, per-layer chart, "
            + "verdicts, import decisions); its folder must exist.")
    void setReport(Path value) {
        html = OptionChecks.outputFile(spec, "--report", value);
    }

    @Mixin
    ProgressOption progressOption;

    private Double rtol;
    private Double atol;

    @Option(names = "--rtol", paramLabel = "R", description = "Relative tolerance, finite and >= 0 (default: 1e-4;"
            + " DIR: each case's own).")
    void setRtol(double value) {
        rtol = OptionChecks.nonNegative(spec, "--rtol", value);
    }

    @Option(names = "--atol", paramLabel = "A", description = "Absolute tolerance, finite and >= 0 (default: 1e-5;"
            + " DIR: each case's own).")
    void setAtol(double value) {
        atol = OptionChecks.nonNegative(spec, "--atol", value);
    }

    @Override
    public Integer call() {
        if (Files.isDirectory(target)) {
            if (html != null) {
                throw new UsageException("--report needs one MODEL with --io, not a fixture folder");
            }
            return runSet(target, main.out);
        }
        if (io == null) {
            throw new UsageException("verify MODEL needs --io IO.h5 (reference inputs and outputs)");
        }
        Map<String, Tensor> inputs = Hdf5Tensors.readGroup(io, "inputs");
        ImportedModel model = modelOptions.loadRunnable(target, inputs);
        if (summary) {
            SummaryCommand.print(model, main.out);
        }
        double r = rtol == null ? DEFAULT_RTOL : rtol;
        double a = atol == null ? DEFAULT_ATOL : atol;
        EngineSettings settings = engineOptions.settings();
        VerifyReport report;
        try (WeightsBar weights = progressOption.of(main).weights("weights");
                Engine engine = engineOptions.open(model.graph(), weights)) {
            report = Verifier.verify(model, engine, io, r, a, html != null);
        }
        report.lines().forEach(main.out::println);
        if (html != null) {
            HtmlReport.write(html, model, report, new HtmlReport.Context(io, r, a, settings.describe()));
            main.out.println("wrote " + html);
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    private int runSet(Path dir, PrintStream out) {
        if (!Files.exists(dir.resolve("manifest.json"))) {
            throw new UsageException(dir + " has no manifest.json");
        }
        List<FixtureCase> cases = Manifest.read(dir);
        EngineSettings settings = engineOptions.settings();
        int passed = 0;
        int failed = 0;
        List<String> skipped = new ArrayList<>();
        long runnable = cases.stream().filter(FixtureCase::hasReferenceIo).count();
        // each case's weights get no bar of their own: the bar of the cases stays on its line
        Progress.Task task = progressOption.of(main).start("verify", runnable, "cases");
        for (FixtureCase c : cases) {
            if (!c.hasReferenceIo()) {
                String line = "SKIP  " + c.id() + ": no reference outputs (has_reference_io is false)";
                skipped.add(line);
                task.clear();
                out.println(line);
                continue;
            }
            String line;
            try {
                ImportOptions options = Verifier.withInputShapesOf(modelOptions.importOptions(c.importOptions()),
                        Hdf5Tensors.readGroup(c.io(), "inputs"));
                ImportedModel model = KerasModelLoader.load(c.model(), c.weightsForModel().orElse(null), options);
                VerifyReport report;
                try (Engine engine = Engines.open(model.graph(), settings)) {
                    report = Verifier.verify(model, engine, c.io(), rtol == null ? c.rtol() : rtol,
                            atol == null ? c.atol() : atol);
                }
                double worst = report.outputs().stream().mapToDouble(Comparison::maxAbsDiff).max().orElse(0);
                if (report.passed()) {
                    passed++;
                    line = String.format("PASS  %s max|diff|=%.3g", c.id(), worst);
                } else {
                    failed++;
                    StringBuilder sb = new StringBuilder(String.format("FAIL  %s max|diff|=%.3g", c.id(), worst));
                    report.outputs().stream().filter(r -> !r.passed()).forEach(r -> sb.append("; ").append(r.describe()));
                    report.firstDivergence().ifPresent(r -> sb.append("; first diverging layer: ").append(r.describe()));
                    line = sb.toString();
                }
            } catch (Keras1jException e) {
                failed++;
                line = "ERROR " + c.id() + ": " + e.getMessage();
            }
            task.clear();
            out.println(line);
            task.advance(1);
        }
        task.close();
        out.println(passed + " passed, " + failed + " failed, " + skipped.size() + " skipped");
        if (passed + failed == 0) {
            out.println("no case ran: " + (cases.isEmpty() ? dir.resolve("manifest.json") + " lists no case"
                    : "every case of " + dir + " was skipped"));
            return ExitCodes.VERIFICATION_FAILED;
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
}
