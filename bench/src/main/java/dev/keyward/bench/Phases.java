package dev.keyward.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP phases: health calls, request-OTP, valid and wrong-code confirms, known vs unknown. */
final class Phases {
    private final Settings settings;
    private final Load load;
    private final ResetApi api;
    private final Addresses addresses;
    private final SmtpSink sink;
    private final Figures figures;

    Phases(Settings settings, Load load, ResetApi api, Addresses addresses, SmtpSink sink, Figures figures) {
        this.settings = settings;
        this.load = load;
        this.api = api;
        this.addresses = addresses;
        this.sink = sink;
        this.figures = figures;
    }

    /** H: {@code GET /health/live}, the HTTP stack alone. */
    Stats health(int clients, double seconds) throws Exception {
        return load.closedLoop(clients, seconds, conn -> conn.get("/health/live"));
    }

    /** Request-OTP for fresh unknown addresses. */
    Stats requestUnknown(int clients, double seconds) throws Exception {
        return load.closedLoop(clients, seconds, conn -> api.request(conn, addresses.nextUnknown()));
    }

    /**
     * Request-OTP for fresh unknown addresses at a fixed {@code rate} over {@link #OPEN_LOOP_WORKERS}
     * connections ({@link OpenLoop}): the replies, each with its latency from its scheduled start (slices
     * of one phase merge), and with the benchmark database known, what its backends waited on meanwhile
     * ({@link WaitSampler}).
     */
    Stats openLoopStats(double rate, double seconds) throws Exception {
        String database = System.getenv("KEYWARD_BENCH_DB");
        try (WaitSampler waits = database == null ? null : new WaitSampler(database);
             KernelScans scans = new KernelScans(Path.of("/proc"), Clock.systemUTC())) {
            Stats st = OpenLoop.stats(load, OPEN_LOOP_WORKERS, rate, seconds, conn -> api.request(conn, addresses.nextUnknown()));
            if (waits != null) {
                st.waits.addAll(waits.stop());
            }
            scans.stop().ifPresent(st.scans::add);
            return st;
        }
    }

    /** Connections of the open-loop phase: enough that a stall of a few hundred ms does not run out of them. */
    static final int OPEN_LOOP_WORKERS = 64;

    /** Confirms of codes that were never sent: the unknown-address path of confirm. */
    Stats confirmUnknown(int clients, double seconds) throws Exception {
        return load.closedLoop(clients, seconds, conn -> api.confirm(conn, addresses.nextUnknown(), "12345678"));
    }

    /** Valid-code confirms; a 503 puts the code back (it is still valid: no attempt is lost but one). */
    Stats confirm(int clients, double seconds, Queue<String[]> codes) throws Exception {
        AtomicInteger ranOut = new AtomicInteger();
        Stats st = load.closedLoop(clients, seconds, conn -> {
            String[] c = codes.poll();
            if (c == null) {
                ranOut.incrementAndGet();
                return null;
            }
            Resp r = api.confirm(conn, c[0], c[1]);
            int tries = c.length > 2 ? Integer.parseInt(c[2]) : 0;
            if (r.status() == 503 && tries < 6) {
                // Still valid: each refused try spent one of its maxAttempts (10), nothing else.
                codes.add(new String[] {c[0], c[1], String.valueOf(tries + 1)});
            }
            return r;
        });
        if (ranOut.get() > 0) {
            figures.note("confirm at " + clients + " clients ran out of codes; rate is over the time it had work");
        }
        return st;
    }

    /** Wrong codes against addresses that hold an open code: full check path, never bcrypt. */
    Stats wrongCodes(int clients, double seconds, List<String> targets) throws Exception {
        if (targets.isEmpty()) {
            throw new IllegalStateException("no open codes left for the wrong-code phase");
        }
        AtomicInteger next = new AtomicInteger();
        return load.closedLoop(clients, seconds, conn -> {
            String email = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
            return api.confirm(conn, email, "00000000".equals(sink.code(email)) ? "11111111" : "00000000");
        });
    }

    /**
     * Known and unknown addresses in random order on one connection, with a pause after each
     * request long enough for the relay to send a known address's mail: this is how an attacker
     * would time the endpoint, and neither kind pays for the other's mail.
     */
    void knownVsUnknown() throws Exception {
        int pairs = settings.latencyPairs();
        List<Boolean> order = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            order.add(true);
            order.add(false);
        }
        Collections.shuffle(order);
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        try (Conn conn = load.connect()) {
            for (boolean isKnown : order) {
                String email = isKnown ? addresses.nextKnown() : addresses.nextUnknown();
                long t = System.nanoTime();
                Resp r = api.request(conn, email);
                long took = System.nanoTime() - t;
                r.require(200, "password-reset");
                (isKnown ? known : unknown).add(took);
                Thread.sleep(15);
            }
        }
        double[] kp = Percentiles.millis(known, 50, 99);
        double[] up = Percentiles.millis(unknown, 50, 99);
        figures.put("K.p50", kp[0]);
        figures.put("K.p99", kp[1]);
        figures.put("U.p50", up[0]);
        figures.put("U.p99", up[1]);
        figures.put("KU.diff", Math.abs(kp[0] - up[0]));
        Log.log("  known p50 %.2f p99 %.2f ms; unknown p50 %.2f p99 %.2f ms", kp[0], kp[1], up[0], up[1]);
    }
}
