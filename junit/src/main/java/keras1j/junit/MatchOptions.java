package keras1j.junit;

import java.nio.file.Path;
import java.util.Optional;

import keras1j.keras.ImportOptions;
import keras1j.verify.EngineSettings;

/**
 * How {@link Keras1jAssertions} checks a model: tolerances ({@code |actual - expected| <= atol +
 * rtol * |expected|}, element-wise), import options (backend, dim ordering), engine, and an optional
 * HTML report file. Immutable and thread-safe; use the {@code withX} copies.
 *
 * @param rtol          relative tolerance, at least 0
 * @param atol          absolute tolerance, at least 0
 * @param importOptions how to import the model; input shapes are taken from the reference file
 * @param engine        the engine to run on
 * @param report        where to write the HTML verification report, if anywhere
 */
public record MatchOptions(double rtol, double atol, ImportOptions importOptions, EngineSettings engine,
        Optional<Path> report) {
    /** The command line's default relative tolerance. */
    public static final double DEFAULT_RTOL = 1e-4;
    /** The command line's default absolute tolerance. */
    public static final double DEFAULT_ATOL = 1e-5;

    /** Checks the tolerances and that nothing is null. */
    public MatchOptions {
        if (!(rtol >= 0) || !(atol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0, got rtol " + rtol + ", atol " + atol);
        }
        if (importOptions == null || engine == null || report == null) {
            throw new NullPointerException("importOptions, engine and report must not be null");
        }
    }

    /** rtol 1e-4, atol 1e-5 (as {@code keras1j verify}), default import options, the Java engine, no report. */
    public static MatchOptions defaults() {
        return new MatchOptions(DEFAULT_RTOL, DEFAULT_ATOL, ImportOptions.defaults(), EngineSettings.defaults(),
                Optional.empty());
    }

    /** These options with other tolerances. */
    public MatchOptions withTolerance(double newRtol, double newAtol) {
        return new MatchOptions(newRtol, newAtol, importOptions, engine, report);
    }

    /** These options with other import options. */
    public MatchOptions withImportOptions(ImportOptions o) {
        return new MatchOptions(rtol, atol, o, engine, report);
    }

    /** These options with another engine, e.g. {@code EngineSettings.defaults().withKind(EngineKind.ONNXRUNTIME)}. */
    public MatchOptions withEngine(EngineSettings e) {
        return new MatchOptions(rtol, atol, importOptions, e, report);
    }

    /** These options writing the HTML verification report (pass or fail) to {@code file}. */
    public MatchOptions withReport(Path file) {
        return new MatchOptions(rtol, atol, importOptions, engine, Optional.of(file));
    }
}
