package dev.keyward.bench;

import java.io.IOException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load without coordinated omission: request i is due at {@code t0 + i / rate},
 * whatever happened to the requests before it. A pool of workers, each on its own keep-alive
 * {@link Conn}, takes the next request, parks until it is due and sends it; its latency is the
 * response time minus the time it was <em>due</em>, not the time it was sent, so a request that
 * starts late because every worker was busy (the server fell behind) counts its lateness. A
 * closed loop never sees that wait: its clients simply send less.
 */
final class OpenLoop {
    /** One run's figures; latencies in ms from each request's scheduled start. */
    record Result(double targetRate, double achievedRate, int sent, int ok, int other, double p50, double p99,
                  double p999) { }

    private OpenLoop() { }

    /** A reply later than this after its scheduled start is late: the p99 bound. */
    static final long LATE_NANOS = 20_000_000L;

    /** "21:49:56.3 (133), ...": how many late replies were due in each tenth of a second (UTC), in order. */
    static String byTenth(Collection<Long> dueMillis) {
        TreeMap<Long, Integer> n = new TreeMap<>();
        for (long t : dueMillis) {
            n.merge(t / 100, 1, Integer::sum);
        }
        StringBuilder out = new StringBuilder();
        n.forEach((tenth, count) -> out.append(out.length() == 0 ? "" : ", ")
                .append(LocalTime.ofNanoOfDay(tenth * 100 % 86_400_000L * 1_000_000L)).append(" (")
                .append(count).append(')'));
        return out.toString();
    }

    /**
     * The CPU per request ({@code key.cpu...}), how many replies were late ({@code key.late}) and
     * what the database did meanwhile: the share
     * of its active backends waiting on the WAL flush in the tenths of a second that held late
     * replies ({@code key.walLate}) and in the others ({@code key.walOther}), the WAL it wrote per
     * second in each ({@code key.walMbLate}, {@code key.walMbOther}) and the checkpoints it started
     * ({@code key.checkpoints}); NaN where there was nothing to measure.
     */
    static void putLateness(Figures figures, String key, Stats st) {
        // What a request costs with the queue the late ones leave, next to the closed loop's.
        figures.putCpu(key, st, 200);
        WaitSampler.Shares w = WaitSampler.shares(st.waits, st.lateDue);
        figures.put(key + ".late", st.lateDue.size());
        figures.put(key + ".walLate", w.walLate());
        figures.put(key + ".walOther", w.walOther());
        figures.put(key + ".walMbLate", w.walMbLate());
        figures.put(key + ".walMbOther", w.walMbOther());
        figures.put(key + ".checkpoints", st.waits.isEmpty() ? Double.NaN : w.checkpoints());
        Log.log("  open loop: %d late; active backends in their tenths: %.0f %% waiting on the WAL flush, %.0f %% on "
                + "locks, %.0f %% running, WAL %.1f MB/s (%d samples); in the other tenths: %.0f %% on the WAL flush, "
                + "WAL %.1f MB/s (%d samples); %d checkpoints started", st.lateDue.size(), w.walLate(), w.lockLate(),
                w.cpuLate(), w.walMbLate(), w.samplesLate(), w.walOther(), w.walMbOther(), w.samplesOther(), w.checkpoints());
        KernelScans.Attribution k = KernelScans.attribute(st.scans, st.lateDue, st.due);
        figures.put(key + ".kscans", k.perSecond());
        figures.put(key + ".kscanCpu", k.cpuPerPass());
        figures.put(key + ".lateInScan", k.lateShare());
        figures.put(key + ".scanCover", k.coverShare());
        figures.put(key + ".p99Outside", k.p99Outside());
        if (!st.scans.isEmpty()) {
            Log.log("  open loop: kernel memory monitor (kdamond) %.2f passes/s, %.1f ms CPU each; late replies due "
                    + "from %d ms before to %d ms after a pass: %s (those windows: %.0f %% of the phase); p99 of the "
                    + "replies due outside them: %.1f ms", k.perSecond(), k.cpuPerPass(), KernelScans.BEFORE_MS,
                    KernelScans.AFTER_MS, st.lateDue.isEmpty() ? "none late"
                    : String.format(Locale.ROOT, "%.0f %%", k.lateShare()), k.coverShare(), k.p99Outside());
        }
    }

    /** Nanoseconds after t0 at which request {@code i} is due, at {@code rate} requests per second. */
    static long dueAfter(long i, double rate) {
        return (long) (i * 1e9 / rate);
    }

    /** How many requests a run of {@code seconds} at {@code rate} schedules (at least 1). */
    static long requests(double rate, double seconds) {
        return Math.max(1, (long) Math.floor(rate * seconds));
    }

    /** The latency that counts: from the request's scheduled start to its response (never below 0). */
    static long fromSchedule(long t0, long i, double rate, long respondedAt) {
        return Math.max(0, respondedAt - (t0 + dueAfter(i, rate)));
    }

    /**
     * Sends {@code call} at {@code rate} per second for {@code seconds} over {@code workers}
     * connections (each opened and used once before t0, so no connect lands in a measurement).
     */
    static Result run(Load load, int workers, double rate, double seconds, Load.Call call) throws Exception {
        return result(rate, stats(load, workers, rate, seconds, call));
    }

    /** A run's figures from its (possibly merged) replies: their count is what was sent. */
    static Result result(double rate, Stats st) {
        int ok = st.count(200);
        return new Result(rate, ok / st.seconds, st.total(), ok, st.total() - ok, st.pct(200, 50), st.pct(200, 99),
                st.pct(200, 99.9));
    }

    /**
     * The replies of one run by status, each with its latency from its scheduled start; its
     * seconds run from t0 to the last response (so slices of one phase can be merged).
     */
    static Stats stats(Load load, int workers, double rate, double seconds, Load.Call call) throws Exception {
        long n = requests(rate, seconds);
        Stats st = new Stats();
        AtomicLong next = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(workers);
        CountDownLatch go = new CountDownLatch(1);
        long[] t0 = new long[1];
        long[] t0Millis = new long[1];
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try (Conn conn = load.connect()) {
                    try {
                        conn.get("/health/live");
                    } finally {
                        ready.countDown();
                    }
                    go.await();
                    long i;
                    while ((i = next.getAndIncrement()) < n) {
                        long due = t0[0] + dueAfter(i, rate);
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        int status;
                        try {
                            Resp r = call.call(conn);
                            status = r.status();
                        } catch (IOException e) {
                            conn.reset();
                            status = -1;
                        }
                        long done = System.nanoTime();
                        long took = fromSchedule(t0[0], i, rate, done);
                        st.add(status, took);
                        long dueMillis = t0Millis[0] + dueAfter(i, rate) / 1_000_000;
                        if (status == 200) {
                            st.due.add(new Stats.Due(dueMillis, took));
                        }
                        if (took > LATE_NANOS) {
                            st.lateDue.add(dueMillis);
                        }
                        lastDone.accumulateAndGet(done, Math::max);
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "open-loop-" + w);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        ready.await();
        t0Millis[0] = System.currentTimeMillis() + 20;
        t0[0] = System.nanoTime() + 20_000_000L; // all workers parked before the first is due
        long[] before = load.cpu().snapshot();
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            Throwable f = failures.get(0);
            throw f instanceof Exception e ? e : new RuntimeException(f);
        }
        st.seconds = Math.max(1e-3, (lastDone.get() - t0[0]) / 1e9);
        st.cpu = load.cpu().since(before);
        Log.log("  open loop: %d of %d replies over %d ms late%s", st.lateDue.size(), st.total(), LATE_NANOS / 1_000_000,
                st.lateDue.isEmpty() ? "" : ", due at " + byTenth(st.lateDue));
        return st;
    }
}
