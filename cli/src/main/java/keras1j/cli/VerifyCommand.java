package keras1j.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import keras1j.cli.io.Progress;
import keras1j.errors.Keras1jException;
import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.verify.Comparison;
import keras1j.verify.EngineSettings;
import keras1j.verify.Engines;
import keras1j.verify.FixtureCase;
import keras1j.verify.Manifest;
import keras1j.verify.Verifier;
import keras1j.verify.VerifyReport;
import keras1j.verify.report.HtmlReport;

/**
 * {@code keras1j verify MODEL --io IO.h5} checks one model against reference outputs;
 * {@code keras1j verify DIR} runs every case with reference outputs of a fixture set.
 */
final class VerifyCommand implements Command {
    static final double DEFAULT_RTOL = 1e-4;
    static final double DEFAULT_ATOL = 1e-5;

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String usage() {
        return "verify MODEL [--weights W.h5] --io IO.h5 [--rtol R --atol A] [--engine java|onnxruntime] [--summary]"
                + " [--report REPORT.html]\n"
                + "  keras1j verify DIR [--no-progress]  (a folder with manifest.json: every case with reference outputs)";
    }

    @Override
    public Set<String> options() {
        return ModelArgs.union(ModelArgs.IMPORT, ModelArgs.ENGINE, "io", "rtol", "atol", "report");
    }

    @Override
    public Set<String> flags() {
        return Set.of("summary", "no-progress");
    }

    @Override
    public int run(Args args, PrintStream out) {
        Path target = Path.of(args.onePositional("MODEL or DIR"));
        if (Files.isDirectory(target)) {
            if (args.option("report").isPresent()) {
                throw new UsageException("--report needs one MODEL with --io, not a fixture folder");
            }
            return runSet(args, target, out);
        }
        Path io = Path.of(args.required("io"));
        ImportedModel model = ModelArgs.load(args, target.toString(), Hdf5Tensors.readGroup(io, "inputs"));
        if (args.flag("summary")) {
            SummaryCommand.print(model, out);
        }
        double rtol = args.doubleOption("rtol").orElse(DEFAULT_RTOL);
        double atol = args.doubleOption("atol").orElse(DEFAULT_ATOL);
        Optional<Path> html = args.path("report");
        EngineSettings settings = ModelArgs.engine(args);
        VerifyReport report;
        try (Engine engine = Engines.open(model.graph(), settings)) {
            report = Verifier.verify(model, engine, io, rtol, atol, html.isPresent());
        }
        report.lines().forEach(out::println);
        if (html.isPresent()) {
            HtmlReport.write(html.get(), model, report, new HtmlReport.Context(io, rtol, atol, settings.describe()));
            out.println("wrote " + html.get());
        }
        return report.passed() ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }

    private int runSet(Args args, Path dir, PrintStream out) {
        if (!Files.exists(dir.resolve("manifest.json"))) {
            throw new UsageException(dir + " has no manifest.json");
        }
        List<FixtureCase> cases = Manifest.read(dir);
        EngineSettings settings = ModelArgs.engine(args);
        int passed = 0;
        int failed = 0;
        long runnable = cases.stream().filter(FixtureCase::hasReferenceIo).count();
        Progress.Task task = Progress.auto(System.err, !args.flag("no-progress")).start("verify", runnable, "cases");
        for (FixtureCase c : cases) {
            if (!c.hasReferenceIo()) {
                continue;
            }
            String line;
            try {
                ImportOptions options = Verifier.withInputShapesOf(ModelArgs.importOptions(args, c.importOptions()),
                        Hdf5Tensors.readGroup(c.io(), "inputs"));
                ImportedModel model = KerasModelLoader.load(c.model(), c.weightsForModel().orElse(null), options);
                double rtol = args.doubleOption("rtol").orElse(c.rtol());
                double atol = args.doubleOption("atol").orElse(c.atol());
                VerifyReport report;
                try (Engine engine = Engines.open(model.graph(), settings)) {
                    report = Verifier.verify(model, engine, c.io(), rtol, atol);
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
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
}
