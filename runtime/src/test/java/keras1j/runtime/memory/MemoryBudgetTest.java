package keras1j.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import keras1j.errors.ResourceLimitException;

class MemoryBudgetTest {

    @Test
    void parsesSizesWithUnits() {
        assertEquals(2L << 30, MemoryBudget.parse("2g").limitBytes());
        assertEquals(512L << 20, MemoryBudget.parse("512M").limitBytes());
        assertEquals(512L << 20, MemoryBudget.parse("512MiB").limitBytes());
        assertEquals(1536L << 20, MemoryBudget.parse("1.5g").limitBytes());
        assertEquals(800L << 10, MemoryBudget.parse("800kb").limitBytes());
        assertEquals(1000, MemoryBudget.parse("1000").limitBytes());
        for (String bad : new String[] {"", "g", "-1g", "0", "1x", "1e9", "NaN", "9999999t", "1.g", " "}) {
            assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse(null));
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.ofBytes(0));
    }

    @Test
    void theDefaultIsEightyPercentOfTheMaximumHeap() {
        long max = Runtime.getRuntime().maxMemory();
        assertEquals(max / 100 * 80, MemoryBudget.defaults().limitBytes());
    }

    @Test
    void anAllocationAboveTheBudgetSaysWhatNeededHowMuch() {
        MemoryBudget b = MemoryBudget.ofBytes(1 << 20);
        b.require(1 << 20, "fits");
        ResourceLimitException e = assertThrows(ResourceLimitException.class,
                () -> b.floats(1 << 20, "layer 'dense_1': weight 'W' (1024, 1024)"));
        assertEquals("layer 'dense_1': weight 'W' (1024, 1024) needs 4.0 MiB (4194304 bytes), more than the memory"
                + " budget of 1.0 MiB (1048576 bytes)", e.getMessage());
        assertThrows(ResourceLimitException.class, () -> b.require(-1, "an overflowed size"));
        assertThrows(ResourceLimitException.class, () -> b.requireArray(Long.MAX_VALUE, 4, "too many"));
        ResourceLimitException array = assertThrows(ResourceLimitException.class,
                () -> MemoryBudget.ofBytes(1L << 40).requireArray(3_000_000_000L, 4, "a buffer"));
        assertTrue(array.getMessage().contains("more than a Java array holds"), array.getMessage());
    }

    @Test
    void runCountsEveryAllocationTowardsOneTotal() {
        MemoryBudget b = MemoryBudget.ofBytes(1000);
        ResourceLimitException e = assertThrows(ResourceLimitException.class, () -> b.run("import", () -> {
            MemoryBudget.newFloats(100, "first"); // 400 bytes
            MemoryBudget.newFloats(100, "second"); // 800
            return MemoryBudget.newFloats(100, "third"); // 1200: over
        }));
        assertTrue(e.getMessage().startsWith("third needs 400 bytes, bringing the total to 1.2 KiB (1200 bytes)"), e.getMessage());
        // within checks each allocation alone
        float[] last = b.within("predict", () -> {
            MemoryBudget.newFloats(200, "a");
            MemoryBudget.newFloats(200, "b");
            return MemoryBudget.newFloats(250, "c");
        });
        assertEquals(250, last.length);
    }

    @Test
    void theInstalledBudgetIsCurrentOnlyInsideAndNests() {
        MemoryBudget outer = MemoryBudget.ofBytes(5000);
        MemoryBudget inner = MemoryBudget.ofBytes(7000);
        outer.within("outer", () -> {
            assertSame(outer, MemoryBudget.current());
            inner.run("inner", () -> {
                assertSame(inner, MemoryBudget.current());
                return null;
            });
            assertSame(outer, MemoryBudget.current());
            return null;
        });
        assertEquals(MemoryBudget.defaults(), MemoryBudget.current());
    }

    @Test
    void anOutOfMemoryErrorBecomesAResourceLimit() {
        ResourceLimitException e = assertThrows(ResourceLimitException.class,
                () -> MemoryBudget.ofBytes(1L << 40).within("predict", () -> {
                    throw new OutOfMemoryError("Java heap space");
                }));
        assertTrue(e.getMessage().startsWith("predict: out of memory (Java heap space); the Java heap is"),
                e.getMessage());
    }

    @Test
    void releaseGivesBackToTheRunningTotalAndLeftIsWhatRemains() {
        MemoryBudget b = MemoryBudget.ofBytes(1000);
        assertTrue(!MemoryBudget.counting());
        MemoryBudget.release(500); // outside run: nothing to give back
        assertEquals(0, MemoryBudget.counted());
        b.run("test", () -> {
            assertTrue(MemoryBudget.counting());
            MemoryBudget.take(600, "a");
            assertEquals(600, MemoryBudget.counted());
            assertEquals(400, MemoryBudget.left());
            // over the total: 600 + 600
            assertThrows(ResourceLimitException.class, () -> MemoryBudget.take(600, "b"));
            MemoryBudget.release(300);
            assertEquals(300, MemoryBudget.counted());
            MemoryBudget.take(600, "b"); // fits now
            MemoryBudget.release(5000);
            assertEquals(0, MemoryBudget.counted());
            assertEquals(1000, MemoryBudget.left());
            return null;
        });
        b.within("test", () -> {
            assertTrue(!MemoryBudget.counting());
            MemoryBudget.take(900, "c");
            assertEquals(0, MemoryBudget.counted());
            assertEquals(1000, MemoryBudget.left());
            return null;
        });
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.release(-1));
    }
}
