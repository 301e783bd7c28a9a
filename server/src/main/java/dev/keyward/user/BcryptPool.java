package dev.keyward.user;

import dev.keyward.http.ApiException;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs bcrypt with at most one hash per core at a time. When the work already waiting would
 * take more than about two seconds, a new hash is refused at once with 503 and Retry-After:
 * under overload clients get a fast, honest answer instead of piling up until they time out.
 */
public final class BcryptPool implements AutoCloseable {
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ThreadPoolExecutor executor;
    private final int threads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong completed = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private volatile long averageNanos = TimeUnit.MILLISECONDS.toNanos(50);

    public BcryptPool(int threads) {
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024),
                r -> {
                    Thread t = new Thread(r, "bcrypt-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * Refuses at once, without queueing, when a hash submitted now would wait too long. Callers
     * ask before doing work that a later refusal would waste (confirm asks before it spends an
     * attempt on the code), so under overload the 503 is an in-memory decision.
     */
    public void admit() {
        int ahead = inFlight.get();
        long expectedWait = (long) Math.ceil((double) ahead / threads) * averageNanos;
        if (ahead >= threads && expectedWait > MAX_WAIT_NANOS) {
            refused.incrementAndGet();
            throw ApiException.unavailable("Server busy, please retry", 1);
        }
    }

    public <T> T run(Callable<T> hash) {
        int ahead = inFlight.incrementAndGet();
        try {
            // Hashes ahead of this one, spread over the threads, each taking about averageNanos.
            long expectedWait = (long) Math.ceil((double) (ahead - 1) / threads) * averageNanos;
            if (ahead > threads && expectedWait > MAX_WAIT_NANOS) {
                refused.incrementAndGet();
                throw ApiException.unavailable("Server busy, please retry", 1);
            }
            Future<T> f = executor.submit(() -> {
                long start = System.nanoTime();
                try {
                    return hash.call();
                } finally {
                    long took = System.nanoTime() - start;
                    completed.incrementAndGet();
                    averageNanos = (averageNanos * 7 + took) / 8;
                }
            });
            return f.get();
        } catch (RejectedExecutionException e) {
            throw ApiException.unavailable("Server busy, please retry", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Server busy, please retry", 1);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** bcrypt computations finished since start (hashes and verifications). */
    public long completed() {
        return completed.get();
    }

    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
