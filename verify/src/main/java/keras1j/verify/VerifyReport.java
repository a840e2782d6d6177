package keras1j.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The result of checking a model against reference outputs. Immutable.
 *
 * @param outputs         one comparison per model output, in model order
 * @param firstDivergence when an output failed and per-layer references exist: the first layer (in
 *                        model order) whose output is out of tolerance
 * @param layers          when every layer was asked for ({@link Verifier#verify(keras1j.keras.ImportedModel,
 *                        keras1j.runtime.exec.Engine, java.nio.file.Path, double, double, boolean)}): one
 *                        comparison per layer with a reference in {@code layer_outputs}, in model order;
 *                        otherwise empty
 */
public record VerifyReport(List<Comparison> outputs, Optional<Comparison> firstDivergence, List<Comparison> layers) {
    public VerifyReport {
        outputs = List.copyOf(outputs);
        layers = List.copyOf(layers);
    }

    /** A report without per-layer comparisons. */
    public VerifyReport(List<Comparison> outputs, Optional<Comparison> firstDivergence) {
        this(outputs, firstDivergence, List.of());
    }

    /** True when every output is within tolerance. */
    public boolean passed() {
        return outputs.stream().allMatch(Comparison::passed);
    }

    /**
     * The text {@code keras1j verify} prints: one line per output ({@link Comparison#describe()}),
     * then {@code first diverging layer: ...} when known.
     */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (Comparison c : outputs) {
            lines.add(c.describe());
        }
        firstDivergence.ifPresent(c -> lines.add("first diverging layer: " + c.describe()));
        return List.copyOf(lines);
    }

    /** {@link #lines()} joined with newlines (no trailing newline). */
    public String describe() {
        return String.join("\n", lines());
    }
}
