package keras1j.runtime.exec;

import keras1j.runtime.kernel.Epilogue;
import keras1j.runtime.kernel.PackedMatrix;
import keras1j.runtime.kernel.Sgemm;

/** Parallel matrix products with a bias/activation epilogue, shared by the dense and convolution steps. Stateless. */
final class GemmRunner {
    /**
     * Rows of A per task: enough to amortize streaming a B block, small enough to balance; a
     * multiple of 24 so that micro-kernels of 4, 6 or 8 rows divide it.
     */
    static final int ROW_GRAIN = 72;

    private GemmRunner() {
    }

    /** Bytes of {@code B} beyond which a product's row chunks grow to {@link #A_BYTES} of {@code A}. */
    static final long LARGE_B_BYTES = 256 << 10;
    /** Bytes of {@code A} per row chunk of a product with a large {@code B} (half the 2 MB L2). */
    static final long A_BYTES = 1 << 20;

    /**
     * Rows per chunk of a product of {@code rows x k} by {@code k x n}: {@link #ROW_GRAIN}, or, when
     * {@code B} is large (beyond {@link #LARGE_B_BYTES}), as many rows as {@link #A_BYTES} of {@code A}
     * hold, so that {@code B}, which every row chunk reads whole, is streamed from memory fewer times
     * (ResNet50's 14x14 1x1 convolutions: 196 rows by a 1 MB {@code B} in one chunk instead of three,
     * 3-5% faster at 1 and 2 threads).
     */
    static int rowGrain(int rows, int k, int n) {
        if ((long) k * n * Float.BYTES <= LARGE_B_BYTES) {
            return ROW_GRAIN;
        }
        long fit = A_BYTES / Math.max(1, (long) k * Float.BYTES) / 12 * 12;
        return (int) Math.max(ROW_GRAIN, Math.min(rows, fit));
    }

    /**
     * {@code c[cOff + i*ldc + colOffset + j] = act(sum_p a[aOff + i*lda + p] * B[p, j] + bias[colOffset + j])}
     * for {@code i < rows}, {@code j < B.cols()}, split over row blocks and, when rows are few, column panels.
     *
     * @param bias indexed by {@code colOffset + j}, or {@code null}
     */
    static void multiply(Exec exec, Sgemm gemm, int rows, float[] a, int aOff, int lda, PackedMatrix b, float[] c,
            int cOff, int ldc, int colOffset, float[] bias, Act act) {
        multiply(exec, gemm, rows, a, aOff, lda, b, c, cOff, ldc, colOffset, bias, null, act);
    }

    /**
     * As {@link #multiply(Exec, Sgemm, int, float[], int, int, PackedMatrix, float[], int, int, int, float[], Act)},
     * with {@code addend[cOff + i*ldc + colOffset + j]} (if not null) added before the activation: the
     * bias, the addend and a ReLU are applied by the product's {@link Epilogue} while each output
     * block is in cache; another activation in a pass over the block right after. An addend that is
     * {@code c} itself ({@link Step#addsInPlace}) is accumulated onto instead.
     */
    static void multiply(Exec exec, Sgemm gemm, int rows, float[] a, int aOff, int lda, PackedMatrix b, float[] c,
            int cOff, int ldc, int colOffset, float[] bias, float[] addend, Act act) {
        int n = b.cols();
        Split split = Split.of(rows, rowGrain(rows, b.rows(), n), n, b.panelWidth(), exec.parallel.threads());
        long work = 2L * rows * n * b.rows();
        Act after = after(act);
        exec.parallel.forRange(split.tasks(), 1, work, (w, t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int r0 = split.rowBegin(t);
                int r1 = split.rowEnd(t);
                int j0 = split.colBegin(t);
                int j1 = split.colEnd(t);
                int cBase = cOff + r0 * ldc + colOffset;
                gemm.multiply(r1 - r0, a, aOff + r0 * lda, lda, b, j0, j1, c, cBase, ldc, addend == c,
                        epilogue(bias, colOffset, addend, c, cBase, ldc, act));
                activate(c, cBase, ldc, r1 - r0, j0, j1, after);
            }
        });
    }

    /**
     * How a product of {@code rows} rows and {@code cols} columns in panels of {@code panelWidth} is cut
     * into tasks: {@link #rowChunks} row chunks ({@link #chunkStart}) times column groups of
     * {@code panelsPerGroup} panels ({@link #columnGroups}), task {@code t} taking row chunk
     * {@code t / groups} and column group {@code t % groups}. Immutable.
     */
    record Split(int rows, int rowChunks, int cols, int panelWidth, int panelsPerGroup, int groups) {
        /** The split of a product whose row chunks are about {@code grain} rows, for {@code threads} threads. */
        static Split of(int rows, int grain, int cols, int panelWidth, int threads) {
            int panels = (cols + panelWidth - 1) / panelWidth;
            int rowChunks = GemmRunner.rowChunks(rows, grain, threads);
            int colGroups;
            if (threads > 1 && rowChunks < threads && rows >= MIN_THREAD_ROWS * threads) {
                // one row chunk per thread: each multiplies its rows by all of B
                rowChunks = threads;
                colGroups = 1;
            } else {
                colGroups = columnGroups(rowChunks, panels, threads);
            }
            int perGroup = (panels + colGroups - 1) / colGroups;
            return new Split(rows, rowChunks, cols, panelWidth, perGroup, (panels + perGroup - 1) / perGroup);
        }

        int tasks() {
            return rowChunks * groups;
        }

        int rowBegin(int task) {
            return chunkStart(task / groups, rowChunks, rows);
        }

        int rowEnd(int task) {
            return chunkStart(task / groups + 1, rowChunks, rows);
        }

        int colBegin(int task) {
            return (task % groups) * panelsPerGroup * panelWidth;
        }

        int colEnd(int task) {
            return Math.min(cols, colBegin(task) + panelsPerGroup * panelWidth);
        }

        /** Rows in the largest task. */
        int largestChunk() {
            return GemmRunner.largestChunk(rowChunks, rows);
        }
    }

    /**
     * Row chunks for a product of {@code rows} rows in chunks of about {@code grain}: on several threads,
     * when there are at least as many chunks as threads, a multiple of the threads (at most one per
     * 12-row register tile), so that chunks as equal as {@link #chunkStart} makes them share out evenly
     * (11 chunks of a 28x28 layer's 784 rows had gone 6 to one thread and 5 to the other). Fewer rows
     * stay in fewer chunks and {@link #columnGroups} splits them: each row chunk reads the whole of
     * {@code B}, which on a 7x7 layer at batch 1 is megabytes of weights read from memory.
     */
    static int rowChunks(int rows, int grain, int threads) {
        int chunks = (rows + grain - 1) / grain;
        if (threads > 1 && chunks >= threads) {
            chunks = Math.min((rows + 11) / 12, (chunks + threads - 1) / threads * threads);
        }
        return Math.max(1, chunks);
    }

    /**
     * First row of chunk {@code c} of {@code chunks} over {@code rows} rows ({@code rows} for
     * {@code c == chunks}): chunks of whole 12-row register tiles, within one tile of each other in size.
     */
    static int chunkStart(int c, int chunks, int rows) {
        int units = (rows + 11) / 12;
        return Math.min(rows, 12 * (int) ((long) c * units / chunks));
    }

    /** Rows in the largest chunk of {@link #chunkStart}. */
    static int largestChunk(int chunks, int rows) {
        int units = (rows + 11) / 12;
        return Math.min(rows, 12 * ((units + chunks - 1) / chunks));
    }

    /**
     * Column groups per row chunk: on one thread, two when there is a single row chunk; on several,
     * enough that the tasks (row chunks times column groups) number at least {@link #TASKS_PER_THREAD}
     * per thread, so that threads claiming whole tasks end within a small task of each other (three
     * row chunks on two threads, as in a 14x14 layer's 196 rows, had kept one thread busy with two
     * chunks while the other did one).
     */
    static int columnGroups(int rowChunks, int panels, int threads) {
        if (threads == 1) {
            return rowChunks >= 2 ? 1 : Math.min(panels, 2);
        }
        int tasks = TASKS_PER_THREAD * threads;
        return rowChunks >= tasks ? 1 : Math.min(panels, (tasks + rowChunks - 1) / rowChunks);
    }

    /**
     * Rows per thread from which a product that fits in fewer row chunks than threads is split by rows,
     * one chunk per thread, instead of by column groups: measured on ResNet50's 14x14 1x1 convolutions
     * (196 rows by a 1 MB B) on two threads, 10-15% faster than eight tasks of column panels; its 7x7
     * ones (49 rows by up to 4 MB) stay split by columns, each thread then streaming half of B.
     */
    static final int MIN_THREAD_ROWS = 48;

    /** Tasks per thread a product is split into, at least, when it has several threads. */
    static final int TASKS_PER_THREAD = 4;

    /**
     * The epilogue of a product block whose output starts at {@code c[cBase]} (rows {@code ldc} apart):
     * the bias from {@code bias[biasOffset]}, the addend at the output's own indices, and ReLU if
     * {@code act} is one; null when there is nothing to do. An addend that is {@code c} itself is left
     * out: the product accumulates onto it instead ({@link Step#addsInPlace}).
     */
    static Epilogue epilogue(float[] bias, int biasOffset, float[] addend, float[] c, int cBase, int ldc, Act act) {
        float[] add = addend == c ? null : addend;
        boolean relu = act != null && act.isRelu();
        if (bias == null && add == null && !relu) {
            return null;
        }
        return new Epilogue(bias, biasOffset, add, cBase, ldc, relu);
    }

    /** The activation to apply after a product whose epilogue was made by {@link #epilogue}: none for ReLU. */
    static Act after(Act act) {
        return act == null || act.isRelu() ? null : act;
    }

    /**
     * Starts a product's output block with its bias: {@code c[base + i*ldc + j] = bias[biasOffset + j]}
     * for {@code j in [j0, j1)}, so that the product then accumulates onto it. Returns false (and does
     * nothing) without a bias.
     */
    static boolean fillBias(float[] c, int base, int ldc, int rows, int j0, int j1, float[] bias, int biasOffset) {
        if (bias == null) {
            return false;
        }
        for (int i = 0; i < rows; i++) {
            System.arraycopy(bias, biasOffset + j0, c, base + i * ldc + j0, j1 - j0);
        }
        return true;
    }

    /** Applies {@code act} (if not null) to {@code c[base + i*ldc + j]}, {@code j in [j0, j1)}. */
    static void activate(float[] c, int base, int ldc, int rows, int j0, int j1, Act act) {
        if (act == null) {
            return;
        }
        int w = j1 - j0;
        if (w == ldc) {
            act.apply(c, c, base + j0, base + j0 + rows * ldc);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int row = base + i * ldc + j0;
            act.apply(c, c, row, row + w);
        }
    }
}
