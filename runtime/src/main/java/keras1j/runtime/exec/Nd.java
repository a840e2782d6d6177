package keras1j.runtime.exec;

/** Index arithmetic for row-major N-d arrays. Stateless. */
final class Nd {
    private Nd() {
    }

    /** {@code dims} with the batch axis set to {@code batch}. */
    static int[] withBatch(int[] sampleDims, int batch) {
        int[] d = new int[sampleDims.length + 1];
        d[0] = batch;
        System.arraycopy(sampleDims, 0, d, 1, sampleDims.length);
        return d;
    }

    /** Row-major strides of {@code dims}. */
    static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /** Product of {@code dims[from, to)}. */
    static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) {
            p *= dims[i];
        }
        return p;
    }

    /** Writes the index of row {@code row} over the first {@code axes} axes of {@code dims} into {@code idx}. */
    static void unravel(int row, int[] dims, int axes, int[] idx) {
        for (int a = axes - 1; a >= 0; a--) {
            idx[a] = row % dims[a];
            row /= dims[a];
        }
    }

    /** Chunk size in rows so that a chunk moves about 16K elements. */
    static int rowGrain(int rowLength) {
        return Math.max(1, 16384 / Math.max(1, rowLength));
    }

    /** The work on one sample: {@code base} is the sample's offset, {@code b * sampleSize}. */
    @FunctionalInterface
    interface SampleBody {
        void sample(int base);
    }

    /**
     * Runs {@code body} on every sample of a batch of {@code sampleSize}-element samples, split over
     * the engine's threads in chunks of about 16K elements (the per-sample element-wise steps).
     */
    static void forEachSample(Exec exec, int batch, int sampleSize, SampleBody body) {
        exec.parallel.forRange(batch, rowGrain(sampleSize), (long) batch * sampleSize, (w, b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                body.sample(b * sampleSize);
            }
        });
    }
}
