package keras1j.runtime.exec;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import keras1j.errors.Keras1jException;

/**
 * Splits a range of work into chunks shared by the calling thread and up to {@code threads - 1}
 * engine-owned daemon workers. A region is handed to the workers through one slot, which idle
 * workers watch (spinning with {@link Thread#onSpinWait()}) for a while after their last chunk
 * ({@link JavaEngineOptions#spinWait}, half a millisecond by default) before they park: the regions
 * of one call, a few dozen per layer-by-layer pass, then start on every thread at once instead of
 * each paying a thread wake-up (tens of microseconds, more than many layers of a small model take),
 * and a call's last region leaves the workers parked again soon after. The caller always takes part
 * and only waits for chunks that a worker has already claimed, so concurrent callers never deadlock
 * and never oversubscribe: while the slot holds another caller's region, a caller simply does all
 * its chunks itself. Thread-safe.
 */
final class Parallel implements AutoCloseable {

    /** Work on chunk {@code [begin, end)} by participant {@code worker} ({@code 0 <= worker < participants}). */
    @FunctionalInterface
    interface Body {
        void run(int worker, int begin, int end);
    }

    /** One thread, no workers: every range runs on the caller. Never needs closing. */
    static final Parallel SERIAL = new Parallel(1);

    /** The default of {@link #spinNanos}: {@link JavaEngineOptions#DEFAULT_SPIN_WAIT}. */
    static final long SPIN_NANOS = JavaEngineOptions.DEFAULT_SPIN_WAIT.toNanos();

    private final int threads;
    /**
     * How long an idle worker watches the slot before it parks, and how long a caller spins for the
     * workers' last chunks before it parks: longer than the serial gap between two layers' regions
     * (a few to a hundred microseconds), short against a call of a model worth parallel work.
     */
    private final long spinNanos;
    private final long idleExitNanos;
    private final Worker[] workers;
    private final AtomicReference<Job> slot = new AtomicReference<>();
    private volatile boolean closed;

    Parallel(int threads) {
        this(threads, SPIN_NANOS);
    }

    /** {@code threads} participants whose idle workers watch for a region for {@code spinNanos} before they park. */
    Parallel(int threads, long spinNanos) {
        this(threads, spinNanos, IDLE_EXIT_NANOS);
    }

    /**
     * {@code threads} participants whose idle workers watch for a region for {@code spinNanos} before
     * they park, and end after {@code idleExitNanos} without one.
     */
    Parallel(int threads, long spinNanos, long idleExitNanos) {
        this.threads = threads;
        this.spinNanos = spinNanos;
        this.idleExitNanos = idleExitNanos;
        if (threads > 1) {
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(i + 1);
            }
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
     * {@link #participants(int, int, long)} participants: participant {@code i} (the caller is 0) first
     * runs the chunks of the {@code i}-th of as many contiguous shares, in order, then helps with the
     * others' (measured on ResNet50 at batch 1 on two threads: 3-7% faster than all participants taking
     * the next chunk of one sequence, since each core then finds the rows of the layer before in its own
     * cache). Rethrows the first failure.
     */
    void forRange(int n, int grain, long work, Body body) {
        if (n <= 0) {
            return;
        }
        int participants = participants(n, grain, work);
        Job job = participants == 1 || closed ? null : new Job(n, grain, participants, body);
        if (job == null || !slot.compareAndSet(null, job)) {
            // one participant, a closed engine, or the workers are on another caller's region
            for (int b = 0; b < n; b += grain) {
                body.run(0, b, Math.min(n, b + grain));
            }
            return;
        }
        for (Worker w : workers) {
            w.wake();
        }
        job.work(0);
        // every chunk is claimed: the slot is free for the next region while claimed chunks finish
        slot.compareAndSet(job, null);
        job.awaitAndRethrow(spinNanos);
    }

    /** Worker threads running now (for tests). */
    int liveWorkers() {
        int live = 0;
        if (workers != null) {
            for (Worker w : workers) {
                Thread t = w.thread;
                if (t != null && t.isAlive()) {
                    live++;
                }
            }
        }
        return live;
    }

    @Override
    public void close() {
        closed = true;
        if (workers != null) {
            for (Worker w : workers) {
                Thread t = w.thread;
                if (t != null) {
                    LockSupport.unpark(t);
                }
            }
        }
    }

    /** A worker thread ends after this long without a region (an engine left unclosed holds no thread). */
    static final long IDLE_EXIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static boolean hasWork(Job job) {
        return job != null && job.hasWork();
    }

    /**
     * One engine thread, started on the first region it is needed for: helps the region in the slot,
     * watches the slot for {@link #spinNanos}, then parks; after {@link #IDLE_EXIT_NANOS} without a
     * region it ends, and the next region starts it again.
     */
    private final class Worker implements Runnable {
        private final int id;
        /** The running thread, or null when none is (guarded by the Worker for writes). */
        volatile Thread thread;
        volatile boolean parked;

        Worker(int id) {
            this.id = id;
        }

        /** Makes sure this worker runs and sees the region just posted. */
        void wake() {
            Thread t = thread;
            if (t == null) {
                synchronized (this) {
                    if (thread == null && !closed) {
                        t = new Thread(this, "keras1j-engine-" + id);
                        t.setDaemon(true);
                        thread = t;
                        t.start();
                    }
                }
            } else if (parked) {
                LockSupport.unpark(t);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!closed) {
                Job job = slot.get();
                if (job != null && job.help()) {
                    idleSince = System.nanoTime();
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle < spinNanos) {
                    Thread.onSpinWait();
                    continue;
                }
                if (idle > idleExitNanos) {
                    synchronized (this) {
                        if (!hasWork(slot.get())) {
                            // a region posted from here on finds no thread and starts one
                            thread = null;
                            return;
                        }
                    }
                }
                parked = true;
                // a region posted before the flag was seen is found by this check, a later one unparks
                if (!hasWork(slot.get())) {
                    LockSupport.parkNanos(this, Math.min(idleExitNanos, TimeUnit.SECONDS.toNanos(1)));
                }
                parked = false;
                if (hasWork(slot.get())) {
                    idleSince = System.nanoTime();
                }
            }
            thread = null;
        }
    }

    private static final class Job {
        private final int n;
        private final int grain;
        private final int chunks;
        private final int participants;
        private final Body body;
        /** Per participant, the next chunk of its own contiguous segment ({@link #segmentEnd}). */
        private final AtomicIntegerArray cursor;
        /** Chunks claimed so far, by anyone. */
        private final AtomicInteger claimed = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger helperIds = new AtomicInteger(1);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile Thread waiter;

        Job(int n, int grain, int participants, Body body) {
            this.n = n;
            this.grain = grain;
            this.chunks = (int) ((n + (long) grain - 1) / grain);
            this.participants = participants;
            this.body = body;
            this.cursor = new AtomicIntegerArray(participants);
            for (int p = 0; p < participants; p++) {
                cursor.set(p, segmentEnd(p - 1));
            }
        }

        /** End (exclusive) of participant {@code p}'s segment of chunks; 0 for {@code p == -1}. */
        private int segmentEnd(int p) {
            return (int) ((long) (p + 1) * chunks / participants);
        }

        boolean hasWork() {
            return claimed.get() < chunks && helperIds.get() < participants;
        }

        /** Claims a chunk of segment {@code p}, or returns -1 if none is left there. */
        private int claim(int p) {
            int end = segmentEnd(p);
            if (cursor.get(p) >= end) {
                return -1;
            }
            int c = cursor.getAndIncrement(p);
            if (c >= end) {
                return -1;
            }
            claimed.incrementAndGet();
            return c;
        }

        /** Joins the region as a helper if it has chunks left and room for one; true if it did. */
        boolean help() {
            if (!hasWork()) {
                return false;
            }
            int id = helperIds.getAndIncrement();
            if (id >= participants) {
                return false;
            }
            work(id);
            return true;
        }

        /**
         * Runs chunks of this participant's own contiguous segment in order, then helps the others with
         * theirs: participant {@code i} computes the same part of every region (the same rows of
         * consecutive layers, whose inputs its core's cache then already holds), while whoever
         * finishes first still takes over the rest.
         */
        void work(int worker) {
            for (int k = 0; k < participants; k++) {
                int p = (worker + k) % participants;
                int c;
                while ((c = claim(p)) >= 0) {
                    run(worker, c);
                }
            }
        }

        private void run(int worker, int c) {
            try {
                if (failure.get() == null) {
                    int begin = c * grain;
                    body.run(worker, begin, Math.min(n, begin + grain));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            } finally {
                if (done.incrementAndGet() == chunks) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }

        void awaitAndRethrow(long spinNanos) {
            if (done.get() < chunks) {
                long spinEnd = System.nanoTime() + spinNanos;
                while (done.get() < chunks && System.nanoTime() < spinEnd) {
                    Thread.onSpinWait();
                }
                if (done.get() < chunks) {
                    waiter = Thread.currentThread();
                    while (done.get() < chunks) {
                        LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
                    }
                }
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
