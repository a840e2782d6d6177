package keras1j.compat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Lists every fixture case that {@code pending-cases.txt} holds back, as a skipped test with its reason. */
class PendingCasesTest {
    @TestFactory
    Stream<DynamicTest> pendingCasesAreReportedAsSkipped() {
        return Fixtures.pending().entrySet().stream().map((Map.Entry<String, String> e) -> DynamicTest.dynamicTest(
                e.getKey(), () -> Assumptions.abort("pending: " + e.getValue())));
    }

    @Test
    void everyPendingEntryNamesARealCase() {
        Set<String> known = Fixtures.all().stream().map(Fixtures::name).collect(Collectors.toSet());
        for (String name : Fixtures.pending().keySet()) {
            assertTrue(known.contains(name), "pending-cases.txt names no fixture case " + name);
        }
    }
}
