package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's work splitting: coverage, failures, concurrent callers, idle workers ending and coming back, the spin wait. */
@Timeout(60)
class ParallelTest {
    private static final long WORK = Long.MAX_VALUE;

    /** Runs {@code [0, n)} in chunks of {@code grain} and checks every index ran exactly once. */
    private static void coversOnce(Parallel p, int n, int grain) {
        AtomicIntegerArray hits = new AtomicIntegerArray(n);
        p.forRange(n, grain, WORK, (w, b, e) -> {
            assertTrue(w >= 0 && w < p.threads(), "participant " + w);
            assertTrue(e - b <= grain && b % grain == 0, "chunk " + b + ".." + e);
            for (int i = b; i < e; i++) {
                hits.incrementAndGet(i);
            }
        });
        for (int i = 0; i < n; i++) {
            assertEquals(1, hits.get(i), "index " + i + " of " + n + " in chunks of " + grain);
        }
    }

    @Test
    void everyIndexRunsOnceInRegionAfterRegion() {
        try (Parallel p = new Parallel(3)) {
            for (int region = 0; region < 2000; region++) {
                coversOnce(p, 1 + region % 97, 1 + region % 7);
            }
        }
    }

    @Test
    void theFirstFailureReachesTheCaller() {
        try (Parallel p = new Parallel(2)) {
            IllegalStateException boom = new IllegalStateException("chunk 5");
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> p.forRange(64, 1, WORK, (w, b, e) -> {
                        if (b == 5) {
                            throw boom;
                        }
                    }));
            assertSame(boom, thrown);
            coversOnce(p, 100, 3);
        }
    }

    @Test
    void concurrentCallersEachGetEveryChunk() throws Exception {
        try (Parallel p = new Parallel(2)) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    runs.add(callers.submit(() -> {
                        for (int region = 0; region < 500; region++) {
                            coversOnce(p, 50, 1 + region % 5);
                        }
                    }));
                }
                for (Future<?> f : runs) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }

    @Test
    void idleWorkersEndAndTheNextRegionStartsThemAgain() throws Exception {
        try (Parallel p = new Parallel(2, Parallel.SPIN_NANOS, TimeUnit.MILLISECONDS.toNanos(20))) {
            assertEquals(0, p.liveWorkers(), "no worker before the first region");
            assertTrue(helpersJoin(p), "the worker takes part in a region");
            awaitNoWorkers(p);
            assertTrue(helpersJoin(p), "the worker takes part again after it ended");
        }
    }

    @Test
    void workersThatSleepAtOnceStillTakePart() {
        try (Parallel p = new Parallel(2, 0, Parallel.IDLE_EXIT_NANOS)) {
            for (int region = 0; region < 200; region++) {
                coversOnce(p, 30, 1 + region % 4);
            }
            assertTrue(helpersJoin(p), "a parked worker is woken for a region");
        }
    }

    @Test
    void aClosedParallelRunsOnTheCallerAndItsWorkersEnd() throws Exception {
        Parallel p = new Parallel(2);
        assertTrue(helpersJoin(p));
        p.close();
        awaitNoWorkers(p);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        p.forRange(8, 1, WORK, (w, b, e) -> seen.add(w));
        assertEquals(Set.of(0), seen);
    }

    @Test
    void anEngineWhoseThreadsSleepAtOnceGivesTheSameNumbers() {
        java.util.Random r = new java.util.Random(11);
        keras1j.runtime.ir.Graph g = Problems.single(new keras1j.runtime.ir.Conv(
                Problems.random(r, 3, 3, 16, 64), Problems.randomVector(r, 64), new int[] {1, 1}, new int[] {1, 1},
                new int[] {1, 1}, new int[] {1, 1}, 1), new int[] {20, 20, 16});
        java.util.Map<String, keras1j.runtime.tensor.Tensor> in = Problems.inputs(g, r, 3);
        JavaEngineOptions spinning = new JavaEngineOptions(2);
        assertEquals(JavaEngineOptions.DEFAULT_SPIN_WAIT, spinning.spinWait());
        try (JavaEngine a = JavaEngine.create(g, spinning);
                JavaEngine b = JavaEngine.create(g, spinning.withSpinWait(Duration.ZERO))) {
            for (int call = 0; call < 5; call++) {
                assertArrayEquals(a.predict(in).get("out").data(), b.predict(in).get("out").data());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> spinning.withSpinWait(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> spinning.withSpinWait(Duration.ofSeconds(2)));
    }

    /** True if a worker (participant other than 0) ran a chunk of a region of slow chunks. */
    private static boolean helpersJoin(Parallel p) {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        p.forRange(40, 1, WORK, (w, b, e) -> {
            seen.add(w);
            sleep(Duration.ofMillis(2));
        });
        return seen.size() == 2;
    }

    private static void awaitNoWorkers(Parallel p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.liveWorkers() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(0, p.liveWorkers(), "idle workers have ended");
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Each participant starts at the front of its own contiguous segment of the chunks, so that it
     * computes the same part of every region: with the caller held in chunk 0, the helper's first chunk
     * is the first of the second half; the caller then finishes its own half and nothing runs twice.
     */
    @Test
    void eachParticipantStartsOnItsOwnSegment() throws Exception {
        try (Parallel p = new Parallel(2)) {
            for (int round = 0; round < 20; round++) {
                java.util.concurrent.CountDownLatch helperStarted = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.atomic.AtomicInteger helperFirst = new java.util.concurrent.atomic.AtomicInteger(-1);
                java.util.concurrent.atomic.AtomicIntegerArray runs = new java.util.concurrent.atomic.AtomicIntegerArray(40);
                p.forRange(40, 1, WORK, (w, b, e) -> {
                    runs.incrementAndGet(b);
                    if (w == 1) {
                        helperFirst.compareAndSet(-1, b);
                        helperStarted.countDown();
                    } else if (b == 0) {
                        try {
                            // hold the caller's first chunk until the helper has begun (or 5 s passed)
                            helperStarted.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException ex) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                assertEquals(20, helperFirst.get(), "round " + round + ": the helper's first chunk");
                for (int c = 0; c < 40; c++) {
                    assertEquals(1, runs.get(c), "chunk " + c + " ran once");
                }
            }
        }
    }
}
