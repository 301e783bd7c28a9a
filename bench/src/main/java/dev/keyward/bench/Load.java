package dev.keyward.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: N clients, each on its own keep-alive {@link Conn}, each sending its next
 * request when the last one answered. A 503 or 429 makes a client wait the Retry-After it was
 * given, as a well-behaved client does.
 */
final class Load {
    /** One request; a null reply means "nothing left to do" and ends that client. */
    interface Call {
        Resp call(Conn c) throws Exception;
    }

    interface ConnTask {
        void run(Conn c) throws Exception;
    }

    private final int port;
    private final CpuSampler cpu;
    private final Figures figures;

    Load(int port, CpuSampler cpu, Figures figures) {
        this.port = port;
        this.cpu = cpu;
        this.figures = figures;
    }

    /** A new connection to the server (opened on first request). */
    /** The CPU sampler of the server under test, for phases that run their own clients. */
    CpuSampler cpu() {
        return cpu;
    }

    Conn connect() {
        return new Conn(port);
    }

    /** {@code conns} clients, each on its own keep-alive connection, calling in a closed loop. */
    Stats closedLoop(int conns, double seconds, Call call) throws Exception {
        Stats st = new Stats();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        AtomicLong lastActive = new AtomicLong(start);
        long[] before = cpu.snapshot();
        parallel(conns, conn -> {
            while (System.nanoTime() < deadline) {
                long t = System.nanoTime();
                try {
                    Resp r = call.call(conn);
                    if (r == null) {
                        break;
                    }
                    st.add(r.status(), System.nanoTime() - t);
                    if (r.status() == 503 || r.status() == 429) {
                        // A well-behaved client waits as told before its next call.
                        long wait = Math.min(r.retryAfter() * 1_000_000_000L, deadline - System.nanoTime());
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait);
                        }
                    }
                } catch (SocketTimeoutException e) {
                    st.timeouts.incrementAndGet();
                    conn.reset();
                } catch (IOException e) {
                    st.errors.incrementAndGet();
                    conn.reset();
                }
                lastActive.accumulateAndGet(System.nanoTime(), Math::max);
            }
        });
        st.seconds = Math.max(1e-3, (lastActive.get() - start) / 1e9);
        st.cpu = cpu.since(before);
        if (st.errors.get() > 0) {
            figures.note(st.errors.get() + " connection errors in a " + conns + "-connection phase");
        }
        return st;
    }

    /** Runs {@code task} on {@code n} threads, each with its own connection; rethrows the first failure. */
    void parallel(int n, ConnTask task) throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        parallelPlain(n, () -> {
            try (Conn c = connect()) {
                task.run(c);
            } catch (Throwable t) {
                failures.add(t);
            }
        });
        if (!failures.isEmpty()) {
            Throwable t = failures.get(0);
            throw t instanceof Exception e ? e : new RuntimeException(t);
        }
    }

    /** Runs {@code r} on {@code n} threads at once and waits for all of them. */
    static void parallelPlain(int n, Runnable r) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            pool.execute(() -> {
                try {
                    r.run();
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        pool.shutdown();
    }
}
