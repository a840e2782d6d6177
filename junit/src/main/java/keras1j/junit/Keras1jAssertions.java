package keras1j.junit;

import java.nio.file.Path;
import java.util.Objects;

import org.opentest4j.AssertionFailedError;

import keras1j.keras.ImportOptions;
import keras1j.keras.ImportedModel;
import keras1j.keras.KerasModelLoader;
import keras1j.keras.io.Hdf5Tensors;
import keras1j.runtime.exec.Engine;
import keras1j.verify.Engines;
import keras1j.verify.Verifier;
import keras1j.verify.VerifyReport;
import keras1j.verify.report.HtmlReport;

/**
 * JUnit 5 assertions that a Keras 1 model, imported by keras1j, still computes what Keras computed:
 * the model runs on the reference file's {@code inputs/} and every {@code outputs/} dataset must
 * match within tolerance. A failure is an {@link AssertionFailedError} whose message is the text
 * {@code keras1j verify} prints (one line per output, then the first diverging layer when the
 * reference file holds {@code layer_outputs}), after one line naming the files.
 *
 * <pre>{@code
 * @Test
 * void classifierStillMatchesKeras() {
 *     Keras1jAssertions.assertMatchesKeras(Path.of("model.h5"), Path.of("io.h5"));
 * }
 * }</pre>
 *
 * <p>Problems with the files themselves (missing, malformed, unsupported layer) are not assertion
 * failures: they surface as keras1j's own exceptions ({@code keras1j.errors.Keras1jException}).
 * Stateless and thread-safe.
 */
public final class Keras1jAssertions {
    private Keras1jAssertions() {
    }

    /**
     * Asserts that the full-model HDF5 (or weight-holding model file) {@code model} reproduces the
     * reference file {@code io} with the default options.
     *
     * @return the verification, for further checks
     */
    public static VerifyReport assertMatchesKeras(Path model, Path io) {
        return assertMatchesKeras(model, null, io, MatchOptions.defaults());
    }

    /** As {@link #assertMatchesKeras(Path, Path)} for an architecture JSON with its weights file. */
    public static VerifyReport assertMatchesKeras(Path model, Path weights, Path io) {
        return assertMatchesKeras(model, Objects.requireNonNull(weights, "weights"), io, MatchOptions.defaults());
    }

    /** As {@link #assertMatchesKeras(Path, Path)} with other tolerances. */
    public static VerifyReport assertMatchesKeras(Path model, Path io, double rtol, double atol) {
        return assertMatchesKeras(model, null, io, MatchOptions.defaults().withTolerance(rtol, atol));
    }

    /** As {@link #assertMatchesKeras(Path, Path)} with other options (tolerances, import, engine, report). */
    public static VerifyReport assertMatchesKeras(Path model, Path io, MatchOptions options) {
        return assertMatchesKeras(model, null, io, options);
    }

    /**
     * The general form.
     *
     * @param model   a full-model {@code .h5} or an architecture {@code .json}
     * @param weights the weights file of a {@code .json} model, or null
     * @param io      the reference file: {@code inputs/}, {@code outputs/}, optionally {@code layer_outputs/}
     * @param options tolerances, import options, engine, report
     * @return the verification, when it passes
     * @throws AssertionFailedError when an output is out of tolerance or of another shape
     */
    public static VerifyReport assertMatchesKeras(Path model, Path weights, Path io, MatchOptions options) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(io, "io");
        Objects.requireNonNull(options, "options");
        ImportOptions importOptions = Verifier.withInputShapesOf(options.importOptions(),
                Hdf5Tensors.readGroup(io, "inputs"));
        ImportedModel imported = KerasModelLoader.load(model, weights, importOptions);
        VerifyReport report;
        try (Engine engine = Engines.open(imported.graph(), options.engine())) {
            report = Verifier.verify(imported, engine, io, options.rtol(), options.atol(), options.report().isPresent());
        }
        options.report().ifPresent(file -> HtmlReport.write(file, imported, report,
                new HtmlReport.Context(io, options.rtol(), options.atol(), options.engine().describe())));
        if (!report.passed()) {
            throw new AssertionFailedError(message(model, io, options, report));
        }
        return report;
    }

    private static String message(Path model, Path io, MatchOptions options, VerifyReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append(model).append(" does not match the Keras reference ").append(io).append(" (rtol ")
                .append(options.rtol()).append(", atol ").append(options.atol()).append(", engine ")
                .append(options.engine().describe()).append(")");
        options.report().ifPresent(f -> sb.append("; report: ").append(f));
        sb.append(":\n").append(report.describe());
        return sb.toString();
    }
}
