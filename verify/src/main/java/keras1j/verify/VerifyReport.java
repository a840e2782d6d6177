package keras1j.verify;

import java.util.List;
import java.util.Optional;

/**
 * The result of checking a model against reference outputs.
 *
 * @param outputs         one comparison per model output, in model order
 * @param firstDivergence when an output failed and per-layer references exist: the first layer (in
 *                        model order) whose output is out of tolerance
 */
public record VerifyReport(List<Comparison> outputs, Optional<Comparison> firstDivergence) {
    public VerifyReport {
        outputs = List.copyOf(outputs);
    }

    public boolean passed() {
        return outputs.stream().allMatch(Comparison::passed);
    }
}
