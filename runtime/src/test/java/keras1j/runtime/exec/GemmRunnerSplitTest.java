package keras1j.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How products are split into tasks: whole register tiles, every row once, work shared evenly. */
class GemmRunnerSplitTest {

    @Test
    void rowChunksCoverEveryRowOnceInWholeTilesOfNearlyEqualSize() {
        for (int threads = 1; threads <= 4; threads++) {
            for (int rows = 1; rows <= 4000; rows += rows < 300 ? 1 : 37) {
                for (int grain : new int[] {GemmRunner.ROW_GRAIN, 240}) {
                    int chunks = GemmRunner.rowChunks(rows, grain, threads);
                    assertEquals(0, GemmRunner.chunkStart(0, chunks, rows));
                    assertEquals(rows, GemmRunner.chunkStart(chunks, chunks, rows));
                    int smallest = Integer.MAX_VALUE;
                    int largest = 0;
                    for (int c = 0; c < chunks; c++) {
                        int r0 = GemmRunner.chunkStart(c, chunks, rows);
                        int r1 = GemmRunner.chunkStart(c + 1, chunks, rows);
                        String where = rows + " rows, grain " + grain + ", " + threads + " threads, chunk " + c;
                        assertTrue(r1 > r0, "empty " + where);
                        assertEquals(0, r0 % 12, "a chunk starts on a register tile: " + where);
                        assertTrue(r1 - r0 <= GemmRunner.largestChunk(chunks, rows), where);
                        if (r1 < rows) {
                            smallest = Math.min(smallest, r1 - r0);
                        }
                        largest = Math.max(largest, r1 - r0);
                    }
                    if (smallest != Integer.MAX_VALUE) {
                        assertTrue(largest - smallest <= 12, "chunks within a tile of each other: " + rows
                                + " rows, " + threads + " threads");
                    }
                    int plain = (rows + grain - 1) / grain;
                    if (threads > 1 && plain >= threads && chunks < (rows + 11) / 12) {
                        assertEquals(0, chunks % threads, "a multiple of the threads: " + rows + " rows");
                    }
                }
            }
        }
    }

    @Test
    void fewRowChunksAreSplitByColumnsUntilEveryThreadHasSeveralTasks() {
        // a 14x14 layer: 196 rows in 72-row grains on two threads, 8 panels of output columns
        int chunks = GemmRunner.rowChunks(196, GemmRunner.ROW_GRAIN, 2);
        assertEquals(4, chunks);
        assertEquals(2, GemmRunner.columnGroups(chunks, 8, 2));
        // one thread: no column split unless a single row chunk
        assertEquals(1, GemmRunner.columnGroups(3, 8, 1));
        assertEquals(2, GemmRunner.columnGroups(1, 8, 1));
        // a 7x7 layer at batch 1: one chunk of 49 rows (its weights read once), split into column groups
        assertEquals(1, GemmRunner.rowChunks(49, GemmRunner.ROW_GRAIN, 2));
        assertEquals(8, GemmRunner.columnGroups(GemmRunner.rowChunks(49, GemmRunner.ROW_GRAIN, 2), 64, 2));
        // many rows: whole rows per task
        assertEquals(1, GemmRunner.columnGroups(GemmRunner.rowChunks(3025, GemmRunner.ROW_GRAIN, 2), 8, 2));
    }

    @Test
    void rowChunksGrowWhenTheRightOperandIsLarge() {
        // 1 MB of B (a 14x14 1024->256 pointwise convolution): its 196 rows in one chunk
        assertEquals(196, GemmRunner.rowGrain(196, 1024, 256));
        assertEquals(1, GemmRunner.rowChunks(196, GemmRunner.rowGrain(196, 1024, 256), 1));
        // 4 MB of B by 2,048-long rows: as many rows as 1 MB of A holds, whole register tiles
        assertEquals(120, GemmRunner.rowGrain(3000, 2048, 512));
        // B of 256 KB or less: the usual grain
        assertEquals(GemmRunner.ROW_GRAIN, GemmRunner.rowGrain(784, 128, 512));
        assertEquals(GemmRunner.ROW_GRAIN, GemmRunner.rowGrain(3025, 64, 256));
        // never below the usual grain, even for very long rows
        assertEquals(GemmRunner.ROW_GRAIN, GemmRunner.rowGrain(5000, 100_000, 512));
    }

    @Test
    void aProductOfOneRowChunkSplitsByRowsWhenEveryThreadGetsEnoughOfThem() {
        // 196 rows (a 14x14 layer) in one chunk on two threads: one chunk per thread, all columns each
        GemmRunner.Split rows = GemmRunner.Split.of(196, 196, 256, 32, 2);
        assertEquals(2, rows.rowChunks());
        assertEquals(1, rows.groups());
        assertEquals(0, rows.rowBegin(0));
        assertEquals(rows.rowEnd(0), rows.rowBegin(1));
        assertEquals(196, rows.rowEnd(1));
        assertEquals(256, rows.colEnd(1));
        // 49 rows (a 7x7 layer): one chunk, its columns in groups, so that each thread streams part of B
        GemmRunner.Split cols = GemmRunner.Split.of(49, GemmRunner.ROW_GRAIN, 2048, 32, 2);
        assertEquals(1, cols.rowChunks());
        assertEquals(2 * GemmRunner.TASKS_PER_THREAD, cols.tasks());
        // one thread: never split for threads
        assertEquals(1, GemmRunner.Split.of(196, 196, 256, 32, 1).rowChunks());
    }
}
