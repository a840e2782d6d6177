package keras1j.runtime.exec;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import keras1j.errors.Keras1jException;

/**
 * Splits a range of work into chunks shared by the calling thread and up to {@code threads - 1}
 * engine-owned daemon workers. The caller always takes part and only waits for chunks that a
 * worker has already claimed, so concurrent callers never deadlock and never oversubscribe: when
 * the workers are busy, callers simply do all the chunks themselves. Thread-safe.
 */
final class Parallel implements AutoCloseable {

    /** Work on chunk {@code [begin, end)} by participant {@code worker} ({@code 0 <= worker < participants}). */
    @FunctionalInterface
    interface Body {
        void run(int worker, int begin, int end);
    }

    /** One thread, no workers: every range runs on the caller. Never needs closing. */
    static final Parallel SERIAL = new Parallel(1);

    private final int threads;
    private final ExecutorService workers;

    Parallel(int threads) {
        this.threads = threads;
        if (threads > 1) {
            AtomicInteger ids = new AtomicInteger();
            ThreadFactory factory = r -> {
                Thread t = new Thread(r, "keras1j-engine-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            workers = new ThreadPoolExecutor(threads - 1, threads - 1, 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), factory);
            ((ThreadPoolExecutor) workers).allowCoreThreadTimeOut(true);
        } else {
            workers = null;
        }
    }

    int threads() {
        return threads;
    }

    /**
     * Number of participants {@link #forRange} will use for {@code n} items in chunks of
     * {@code grain}, given {@code work} (a rough count of operations; small work runs inline).
     */
    int participants(int n, int grain, long work) {
        if (workers == null || work < MIN_PARALLEL_WORK || n <= grain) {
            return 1;
        }
        long chunks = (n + (long) grain - 1) / grain;
        return (int) Math.min(threads, chunks);
    }

    /** Below this many operations a parallel region costs more than it saves. */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of at most {@code grain} items, on
     * {@link #participants(int, int, long)} participants. Rethrows the first failure.
     */
    void forRange(int n, int grain, long work, Body body) {
        if (n <= 0) {
            return;
        }
        int participants = participants(n, grain, work);
        if (participants == 1) {
            for (int b = 0; b < n; b += grain) {
                body.run(0, b, Math.min(n, b + grain));
            }
            return;
        }
        Job job = new Job(n, grain, body);
        try {
            for (int i = 1; i < participants; i++) {
                workers.execute(job::help);
            }
        } catch (RejectedExecutionException closing) {
            // the engine is being closed under a running call: the caller finishes the chunks alone
        }
        job.work(0);
        job.awaitAndRethrow();
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    private static final class Job {
        private final int n;
        private final int grain;
        private final int chunks;
        private final Body body;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger helperIds = new AtomicInteger(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(int n, int grain, Body body) {
            this.n = n;
            this.grain = grain;
            this.chunks = (int) ((n + (long) grain - 1) / grain);
            this.body = body;
        }

        void help() {
            if (next.get() < chunks) {
                work(helperIds.getAndIncrement());
            }
        }

        void work(int worker) {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    if (failure.get() == null) {
                        int begin = c * grain;
                        body.run(worker, begin, Math.min(n, begin + grain));
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    if (done.incrementAndGet() == chunks) {
                        synchronized (this) {
                            notifyAll();
                        }
                    }
                }
            }
        }

        void awaitAndRethrow() {
            boolean interrupted = false;
            synchronized (this) {
                while (done.get() < chunks) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable t = failure.get();
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new Keras1jException("engine worker failed", t);
            }
        }
    }
}
