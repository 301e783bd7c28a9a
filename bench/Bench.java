// Keyward reset benchmark driver. Run by bench/run; see bench/README.md.
//
//   java -cp server/target/keyward-server.jar bench/Bench.java <workdir> <quick|full>
//
// It binds an SMTP sink and picks a free HTTP port, writes them to <workdir>/ports, waits for the
// server that bench/run starts on that port, then seeds users, warms up and measures every figure
// in rounds. The table goes to stdout; the exit status is non-zero only if a figure could not be
// measured. Single-file program (JDK 17 source launcher); jBCrypt comes from the server jar.

import org.mindrot.jbcrypt.BCrypt;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Bench {
    static final String ADMIN_TOKEN = System.getenv().getOrDefault("KEYWARD_ADMIN_TOKEN", "");
    static final int CODE_LENGTH = 8;
    // Computed once per run: every seeded user is imported with this plain bcrypt hash (cost 10).
    static final String OLD_HASH = BCrypt.hashpw("bench-old-password", BCrypt.gensalt(10));
    static final String NEW_PASSWORD = "Bench-new-passw0rd!x";

    record Settings(boolean quick, int rounds, double warmup, double phase, double bPhase, int seedUsers,
                    int latencyPairs, int overload) { }

    static Settings settings(boolean quick) {
        return quick ? new Settings(true, 1, 2, 0.6, 0.6, 400, 40, 64)
                : new Settings(false, 3, 30, 10, 5, 12000, 250, 64);
    }

    static int port;
    static String projectId;
    static String dbName;
    static SmtpSink sink;
    static Path work;
    static final AtomicInteger knownNext = new AtomicInteger();
    static final AtomicLong unknownNext = new AtomicLong();
    static int seeded;

    public static void main(String[] args) throws Exception {
        work = Path.of(args[0]);
        Settings s = settings(args.length > 1 && args[1].equals("quick"));
        dbName = System.getenv("KEYWARD_BENCH_DB");
        sink = new SmtpSink();
        int http;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            http = probe.getLocalPort();
        }
        port = http;
        Files.writeString(work.resolve("ports.tmp"), sink.port() + " " + http + "\n");
        Files.move(work.resolve("ports.tmp"), work.resolve("ports"));
        int status = 2;
        try {
            status = run(s);
        } catch (Throwable t) {
            System.err.println("bench: could not measure: " + t);
            t.printStackTrace();
        } finally {
            sink.close();
        }
        System.exit(status);
    }

    // ---------------------------------------------------------------- orchestration

    static final Map<String, List<Double>> figures = new LinkedHashMap<>();
    static final List<String> notes = new ArrayList<>();

    static void put(String key, double v) {
        figures.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
    }

    static int run(Settings s) throws Exception {
        waitForServer(60);
        setUpProject();
        long t0 = System.nanoTime();
        seed(s.seedUsers());
        log("seeded %d users in %.1f s", seeded, secs(t0));

        log("warm-up %.0f s", s.warmup());
        warmUp(s);
        for (int r = 1; r <= s.rounds(); r++) {
            log("round %d of %d", r, s.rounds());
            round(s);
        }
        return Report.print(s);
    }

    static void round(Settings s) throws Exception {

        for (int c : new int[] {8, 32}) {
            Stats h = closedLoop(c, s.phase(), conn -> conn.get("/health/live"));
            put("H" + c, h.rate(200));
            put("H" + c + ".p99", h.pct(200, 99));
            putCpu("H" + c, h, 200);
            Stats d = Pgbench.run(c, s.phase());
            put("D" + c, d.rate(200));
            put("D" + c + ".p99", d.pct(200, 99));
            putCpu("D" + c, d, 200);
            Stats q = closedLoop(c, s.phase(), conn -> conn.post("/api/auth/local/password-reset", resetBody(unknownEmail())));
            put("R" + c, q.rate(200));
            put("R" + c + ".p50", q.pct(200, 50));
            put("R" + c + ".p99", q.pct(200, 99));
            put("R" + c + ".errors", q.total() - q.count(200));
            putCpu("R" + c, q, 200);
            log("  %d conns: H %.0f/s  D %.0f tps  request-OTP %.0f/s p99 %.1f ms", c, h.rate(200), d.rate(200),
                    q.rate(200), q.pct(200, 99));
            drainRelay(10);
        }

        // Known vs unknown request latency: alternate the two on 2 connections.
        knownVsUnknown(s);
        drainRelay(30);

        // Relay delay at a gentle pace (idle relay), then relay throughput on a burst that also
        // supplies the valid codes for the confirm phases.
        relayDelay(s);
        // B right before the confirm phases it is compared with (the machine is shared and noisy).
        double b = bcryptRate(s.bPhase());
        put("B", b);
        log("  B = %.1f hashes/s", b);
        int targetCount = s.quick() ? 40 : 300;
        int need = (int) Math.ceil(b * (3 * s.phase() + s.phase()) * 1.5) + 200 + targetCount;
        ConcurrentLinkedQueue<String[]> codes = feed(need);
        // Addresses kept aside with an open code for the wrong-code phase (about 50 guesses each in
        // a full run: past maxAttempts the statements are the same, and the daily budget of 100 holds).
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < targetCount && !codes.isEmpty(); i++) {
            targets.add(codes.poll()[0]);
        }

        for (int c : new int[] {2, 8, 32}) {
            Stats st = confirm(c, s.phase(), codes);
            put("C" + c, st.rate(200));
            put("C" + c + ".p50", st.pct(200, 50));
            put("C" + c + ".p99", st.pct(200, 99));
            put("C" + c + ".503", st.count(503));
            putCpu("C" + c, st, 200);
            log("  confirm %d clients: %.1f/s p50 %.0f ms p99 %.0f ms (503s: %d, other: %d)", c, st.rate(200),
                    st.pct(200, 50), st.pct(200, 99), st.count(503), st.total() - st.count(200) - st.count(503));
            drainRelay(10);
        }
        Stats o = confirm(s.overload(), s.phase(), codes);
        put("O.ok", o.rate(200));
        put("O.503", o.count(503));
        put("O.503.share", o.total() == 0 ? 0 : 100.0 * o.count(503) / o.total());
        put("O.503.p50", o.pct(503, 50));
        put("O.503.p99", o.pct(503, 99));
        put("O.503.max", o.pct(503, 100));
        put("O.ok.p99", o.pct(200, 99));
        put("O.timeouts", o.timeouts.get());
        put("O.other", o.total() - o.count(200) - o.count(503));
        log("  overload %d clients: ok %.1f/s, 503 %d (p50 %.1f p99 %.1f max %.1f ms), timeouts %d, other %d",
                s.overload(), o.rate(200), o.count(503), o.pct(503, 50), o.pct(503, 99), o.pct(503, 100),
                o.timeouts.get(), o.total() - o.count(200) - o.count(503));
        drainRelay(30);

        // Wrong codes against addresses that hold an open code: full check path, never bcrypt.
        if (targets.isEmpty()) {
            throw new IllegalStateException("no open codes left for the wrong-code phase");
        }
        AtomicInteger next = new AtomicInteger();
        Stats w = closedLoop(8, s.phase(), conn -> {
            String email = targets.get(Math.floorMod(next.getAndIncrement(), targets.size()));
            return conn.post("/api/auth/local/password-reset/confirm", confirmBody(email, "00000000".equals(code(email))
                    ? "11111111" : "00000000"));
        });
        put("W", w.rate(400));
        put("W.p99", w.pct(400, 99));
        put("W.other", w.total() - w.count(400));
        putCpu("W", w, 400);
        log("  wrong-code confirm: %.0f/s p99 %.1f ms", w.rate(400), w.pct(400, 99));
    }

    static String code(String email) {
        SmtpSink.Mail m = sink.resets.get(email);
        return m == null ? "" : m.code();
    }

    // ---------------------------------------------------------------- phases

    static void setUpProject() throws IOException {
        Conn c = new Conn();
        Resp p = c.request("POST", "/api/admin/projects", "{\"name\":\"bench\",\"requireEmailVerification\":false}",
                "Authorization: Bearer " + ADMIN_TOKEN);
        check(p, 201, "create project");
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{24})\"").matcher(p.body());
        if (!m.find()) {
            throw new IllegalStateException("no project id in " + p.body());
        }
        projectId = m.group(1);
        // Codes must outlive a round, and each benchmark address is used once per phase.
        Resp pol = c.request("PUT", "/api/admin/projects/" + projectId + "/otp-policy",
                "{\"length\":" + CODE_LENGTH + ",\"alphabet\":\"numeric\",\"ttlSeconds\":3600,\"maxAttempts\":10,"
                        + "\"resendCooldownSeconds\":30,\"maxSendsPerHour\":20,\"maxFailuresPerDay\":100}",
                "Authorization: Bearer " + ADMIN_TOKEN);
        check(pol, 200, "set otp policy");
        c.close();
    }

    static void seed(int n) throws Exception {
        AtomicInteger i = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        parallel(8, conn -> {
            int k;
            while ((k = i.getAndIncrement()) < n) {
                Resp r = conn.request("POST", "/api/admin/projects/" + projectId + "/users",
                        "{\"email\":\"" + knownAddress(k) + "\",\"passwordHash\":\"" + OLD_HASH
                                + "\",\"firstName\":\"B\",\"lastName\":\"U\",\"emailVerified\":true}",
                        "Authorization: Bearer " + ADMIN_TOKEN);
                if (r.status() != 201) {
                    failed.incrementAndGet();
                }
            }
        });
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " user imports failed");
        }
        seeded = n;
    }

    static String knownAddress(int k) {
        return "user" + k + "@bench.test";
    }

    static String knownEmail() {
        int k = knownNext.getAndIncrement();
        if (k >= seeded) {
            throw new IllegalStateException("ran out of seeded users (" + seeded + ")");
        }
        return knownAddress(k);
    }

    static String unknownEmail() {
        return "nobody" + unknownNext.getAndIncrement() + "@unknown.test";
    }

    static String resetBody(String email) {
        return "{\"email\":\"" + email + "\",\"projectId\":\"" + projectId + "\"}";
    }

    static String confirmBody(String email, String otp) {
        return "{\"email\":\"" + email + "\",\"projectId\":\"" + projectId + "\",\"otp\":\"" + otp
                + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}";
    }

    static void warmUp(Settings s) throws Exception {
        long end = System.nanoTime() + (long) (s.warmup() * 1e9);
        ConcurrentLinkedQueue<String[]> codes = new ConcurrentLinkedQueue<>();
        while (System.nanoTime() < end) {
            double slice = Math.min(s.quick() ? 0.5 : 5, Math.max(0.1, (end - System.nanoTime()) / 1e9));
            closedLoop(8, slice / 4, conn -> conn.get("/health/live"));
            closedLoop(8, slice / 4, conn -> conn.post("/api/auth/local/password-reset", resetBody(unknownEmail())));
            codes.addAll(feed(s.quick() ? 10 : 40));
            confirm(4, slice / 4, codes);
            AtomicInteger n = new AtomicInteger();
            closedLoop(4, slice / 4, conn -> conn.post("/api/auth/local/password-reset/confirm",
                    confirmBody(unknownEmail(), "12345678")));
            bcryptRate(Math.min(1, slice / 4));
        }
        Pgbench.run(4, s.quick() ? 0.5 : 3);
        drainRelay(30);
    }

    /**
     * Known and unknown addresses in random order on one connection, with a pause after each
     * request long enough for the relay to send a known address's mail: this is how an attacker
     * would time the endpoint, and neither kind pays for the other's mail.
     */
    static void knownVsUnknown(Settings s) throws Exception {
        int pairs = s.latencyPairs();
        List<Boolean> order = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            order.add(true);
            order.add(false);
        }
        Collections.shuffle(order);
        List<Long> known = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        try (Conn conn = new Conn()) {
            for (boolean isKnown : order) {
                String email = isKnown ? knownEmail() : unknownEmail();
                long t = System.nanoTime();
                Resp r = conn.post("/api/auth/local/password-reset", resetBody(email));
                long took = System.nanoTime() - t;
                check(r, 200, "password-reset");
                (isKnown ? known : unknown).add(took);
                Thread.sleep(15);
            }
        }
        double[] kp = percentiles(known, 50, 99);
        double[] up = percentiles(unknown, 50, 99);
        put("K.p50", kp[0]);
        put("K.p99", kp[1]);
        put("U.p50", up[0]);
        put("U.p99", up[1]);
        put("KU.diff", Math.abs(kp[0] - up[0]));
        log("  known p50 %.2f p99 %.2f ms; unknown p50 %.2f p99 %.2f ms", kp[0], kp[1], up[0], up[1]);
    }

    /** Request-to-delivery delay at a gentle pace (20/s on one connection), so no backlog forms. */
    static void relayDelay(Settings s) throws Exception {
        int n = s.quick() ? 10 : 100;
        Conn c = new Conn();
        List<String> emails = new ArrayList<>();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        for (int i = 0; i < n; i++) {
            String e = knownEmail();
            long t = System.nanoTime();
            Resp r = c.post("/api/auth/local/password-reset", resetBody(e));
            check(r, 200, "password-reset");
            sent.put(e, t);
            emails.add(e);
            Thread.sleep(50);
        }
        c.close();
        awaitMail(emails, 30);
        List<Long> delays = new ArrayList<>();
        for (String e : emails) {
            delays.add(sink.resets.get(e).at() - sent.get(e));
        }
        double[] p = percentiles(delays, 50, 99);
        put("M.delay.p50", p[0]);
        put("M.delay.p99", p[1]);
        log("  relay delay (paced 20/s): p50 %.1f ms p99 %.1f ms", p[0], p[1]);
    }

    /**
     * Requests codes for {@code n} fresh known addresses as fast as 8 connections go and waits for
     * the mails. Relay throughput is taken over the drain after the burst (the relay alone), and
     * the request-to-delivery delay under backlog over the whole burst.
     */
    static ConcurrentLinkedQueue<String[]> feed(int n) throws Exception {
        n = Math.min(n, seeded - knownNext.get());
        if (n <= 0) {
            throw new IllegalStateException("ran out of seeded users");
        }
        List<String> emails = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> sent = new ConcurrentHashMap<>();
        AtomicInteger left = new AtomicInteger(n);
        long start = System.nanoTime();
        long conns0 = sink.connections.get();
        parallel(8, conn -> {
            while (left.getAndDecrement() > 0) {
                String e = knownEmail();
                long t = System.nanoTime();
                Resp r = conn.post("/api/auth/local/password-reset", resetBody(e));
                check(r, 200, "password-reset");
                sent.put(e, t);
                emails.add(e);
            }
        });
        long burstEnd = System.nanoTime();
        int deliveredAtEnd = 0;
        for (String e : emails) {
            if (sink.resets.containsKey(e)) {
                deliveredAtEnd++;
            }
        }
        awaitMail(emails, 120);
        long last = 0;
        List<Long> delays = new ArrayList<>();
        ConcurrentLinkedQueue<String[]> q = new ConcurrentLinkedQueue<>();
        for (String e : emails) {
            SmtpSink.Mail m = sink.resets.get(e);
            last = Math.max(last, m.at());
            delays.add(m.at() - sent.get(e));
            q.add(new String[] {e, m.code()});
        }
        int backlog = n - deliveredAtEnd;
        if (n >= 200) { // the warm-up's small feeds are not measurements
            double drainRate = backlog > 1 ? (backlog - 1) / ((last - burstEnd) / 1e9) : Double.NaN;
            put("M.rate", backlog >= 50 ? drainRate : n / ((last - start) / 1e9));
            put("M.backlog", backlog);
            double[] p = percentiles(delays, 50, 99);
            put("M.burst.p50", p[0]);
            put("M.burst.p99", p[1]);
            put("M.smtpConnections", sink.connections.get() - conns0);
            log("  relay: %d mails over %d SMTP connections, burst %.1f s, backlog %d, drain %.0f mails/s;"
                    + " delay under backlog p50 %.0f p99 %.0f ms", n, sink.connections.get() - conns0,
                    (burstEnd - start) / 1e9, backlog, drainRate, p[0], p[1]);
        }
        return q;
    }

    static void awaitMail(List<String> emails, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (String e : emails) {
            while (!sink.resets.containsKey(e)) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("mail for " + e + " not delivered within " + seconds + " s");
                }
                Thread.sleep(5);
            }
        }
    }

    /** Waits until the relay has nothing left (no new mail for 300 ms), so phases do not overlap. */
    static void drainRelay(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < end) {
            long now = sink.count.get();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(300);
        }
    }

    /** Valid-code confirms; a 503 puts the code back (it is still valid: no attempt is lost but one). */
    static Stats confirm(int clients, double seconds, ConcurrentLinkedQueue<String[]> codes) throws Exception {
        AtomicInteger ranOut = new AtomicInteger();
        Stats st = closedLoop(clients, seconds, conn -> {
            String[] c = codes.poll();
            if (c == null) {
                ranOut.incrementAndGet();
                return null;
            }
            Resp r = conn.post("/api/auth/local/password-reset/confirm", confirmBody(c[0], c[1]));
            int tries = c.length > 2 ? Integer.parseInt(c[2]) : 0;
            if (r.status() == 503 && tries < 6) {
                // Still valid: each refused try spent one of its maxAttempts (10), nothing else.
                codes.add(new String[] {c[0], c[1], String.valueOf(tries + 1)});
            }
            return r;
        });
        if (ranOut.get() > 0) {
            notes.add("confirm at " + clients + " clients ran out of codes; rate is over the time it had work");
        }
        return st;
    }

    static double bcryptRate(double seconds) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        String pre = "kZ3YJ0e1x0oQ0bb6VZcXq8m2sJ2m0wqk5m3c7Zt0rW4PqWcU2N9eVb1k9u9Xr3Ql"; // 64 chars like the server's prehash
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        AtomicLong last = new AtomicLong();
        parallelPlain(threads, () -> {
            while (System.nanoTime() < deadline) {
                BCrypt.hashpw(pre, BCrypt.gensalt(10));
                done.incrementAndGet();
            }
            last.accumulateAndGet(System.nanoTime(), Math::max);
        });
        return done.get() / ((last.get() - start) / 1e9);
    }

    // ---------------------------------------------------------------- load machinery

    interface Call {
        Resp call(Conn c) throws Exception;
    }

    interface ConnTask {
        void run(Conn c) throws Exception;
    }

    /** Latencies by status; a null Resp from the call means "nothing to do" (not counted). */
    static final class Stats {
        final Map<Integer, List<Long>> byStatus = new ConcurrentHashMap<>();
        final AtomicInteger timeouts = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        volatile double seconds;
        double[] cpu = {Double.NaN, Double.NaN, Double.NaN, Double.NaN}; // ms: machine busy, server, driver, rest

        /** Core-milliseconds per operation of the given status: machine, server JVM, driver, rest. */
        double[] cpuPer(int status) {
            double n = count(status);
            return new double[] {cpu[0] / n, cpu[1] / n, cpu[2] / n, cpu[3] / n};
        }

        void add(int status, long nanos) {
            byStatus.computeIfAbsent(status, k -> Collections.synchronizedList(new ArrayList<>())).add(nanos);
        }

        int count(int status) {
            List<Long> l = byStatus.get(status);
            return l == null ? 0 : l.size();
        }

        int total() {
            return byStatus.values().stream().mapToInt(List::size).sum() + timeouts.get() + errors.get();
        }

        double rate(int status) {
            return count(status) / seconds;
        }

        double pct(int status, double p) {
            List<Long> l = byStatus.get(status);
            return l == null || l.isEmpty() ? Double.NaN : percentiles(l, p)[0];
        }
    }

    static double[] percentiles(List<Long> nanos, double... ps) {
        long[] a;
        synchronized (nanos) {
            a = nanos.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(a);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            if (a.length == 0) {
                out[i] = Double.NaN;
                continue;
            }
            int idx = (int) Math.ceil(ps[i] / 100.0 * a.length) - 1;
            out[i] = a[Math.max(0, Math.min(a.length - 1, idx))] / 1e6;
        }
        return out;
    }

    /** {@code conns} clients, each on its own keep-alive connection, calling in a closed loop. */
    static Stats closedLoop(int conns, double seconds, Call call) throws Exception {
        Stats st = new Stats();
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        AtomicLong lastActive = new AtomicLong(start);
        long[] before = Cpu.snapshot();
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
        st.cpu = Cpu.since(before);
        if (st.errors.get() > 0) {
            notes.add(st.errors.get() + " connection errors in a " + conns + "-connection phase");
        }
        return st;
    }

    static void parallel(int n, ConnTask task) throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        parallelPlain(n, () -> {
            try (Conn c = new Conn()) {
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

    static void waitForServer(int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            try (Conn c = new Conn()) {
                if (c.get("/health/live").status() == 200) {
                    return;
                }
            } catch (IOException e) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("server did not start on port " + port);
                }
                Thread.sleep(100);
            }
        }
    }

    static void check(Resp r, int want, String what) {
        if (r.status() != want) {
            throw new IllegalStateException(what + ": HTTP " + r.status() + " " + r.body());
        }
    }

    static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static void log(String fmt, Object... args) {
        System.err.println("bench: " + String.format(Locale.ROOT, fmt, args));
    }

    // ---------------------------------------------------------------- a minimal HTTP/1.1 client

    record Resp(int status, String body, int retryAfter) { }

    /** One keep-alive connection; plain blocking sockets keep the client's own CPU cost low. */
    static final class Conn implements AutoCloseable {
        static final int TIMEOUT_MS = 30_000;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private final byte[] buf = new byte[16384];
        private int pos;
        private int lim;

        Resp get(String path) throws IOException {
            return request("GET", path, null);
        }

        Resp post(String path, String json) throws IOException {
            return request("POST", path, json);
        }

        Resp request(String method, String path, String json, String... headers) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
                socket.setSoTimeout(TIMEOUT_MS);
                in = socket.getInputStream();
                out = socket.getOutputStream();
                pos = lim = 0;
            }
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(256);
            sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            if (json != null) {
                sb.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            for (String h : headers) {
                sb.append(h).append("\r\n");
            }
            sb.append("\r\n");
            byte[] head = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            byte[] all = new byte[head.length + body.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(body, 0, all, head.length, body.length);
            out.write(all);
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            int length = -1;
            int retryAfter = 0;
            boolean chunked = false;
            boolean close = false;
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("retry-after:")) {
                    retryAfter = Integer.parseInt(h.substring(12).trim());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    int n = Integer.parseInt(line().split(";")[0].trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) { /* trailers */ }
                        break;
                    }
                    read(b, n);
                    line();
                }
            } else if (length > 0) {
                read(b, length);
            }
            if (close) {
                reset();
            }
            return new Resp(code, b.toString(StandardCharsets.UTF_8), retryAfter);
        }

        private void fill() throws IOException {
            lim = in.read(buf);
            pos = 0;
            if (lim < 0) {
                lim = 0;
                throw new IOException("connection closed");
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= lim) {
                    fill();
                }
                byte c = buf[pos++];
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) (c & 0xff));
            }
        }

        private void read(ByteArrayOutputStream b, int n) throws IOException {
            while (n > 0) {
                if (pos >= lim) {
                    fill();
                }
                int k = Math.min(n, lim - pos);
                b.write(buf, pos, k);
                pos += k;
                n -= k;
            }
        }

        void reset() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }

        @Override
        public void close() {
            reset();
        }
    }

    // ---------------------------------------------------------------- SMTP sink

    /** Accepts every mail at once; remembers each reset code and when it arrived. */
    static final class SmtpSink implements AutoCloseable {
        record Mail(String code, long at) { }

        private static final Pattern CODE_LINE = Pattern.compile("(?m)^([0-9]{" + CODE_LENGTH + "})\\r?$");
        final Map<String, Mail> resets = new ConcurrentHashMap<>();
        final AtomicLong count = new AtomicLong();
        final AtomicLong connections = new AtomicLong();
        private final ServerSocket server;
        private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "smtp-sink");
            t.setDaemon(true);
            return t;
        });

        SmtpSink() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            pool.execute(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.incrementAndGet();
                    pool.execute(() -> session(s));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void session(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                 OutputStream out = s.getOutputStream()) {
                reply(out, "220 bench-sink ESMTP");
                String rcpt = null;
                String line;
                while ((line = in.readLine()) != null) {
                    String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                    switch (cmd) {
                        case "EHLO" -> reply(out, "250-bench-sink\r\n250-8BITMIME\r\n250 OK");
                        case "HELO" -> reply(out, "250 bench-sink");
                        case "MAIL" -> {
                            rcpt = null;
                            reply(out, "250 OK");
                        }
                        case "RCPT" -> {
                            Matcher m = Pattern.compile("<([^>]*)>").matcher(line);
                            rcpt = m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
                            reply(out, "250 OK");
                        }
                        case "DATA" -> {
                            reply(out, "354 go ahead");
                            StringBuilder msg = new StringBuilder();
                            String l;
                            while ((l = in.readLine()) != null && !l.equals(".")) {
                                msg.append(l.startsWith("..") ? l.substring(1) : l).append('\n');
                            }
                            long at = System.nanoTime();
                            count.incrementAndGet();
                            String text = msg.toString();
                            if (rcpt != null && text.contains("Subject: Your password reset code")) {
                                Matcher m = CODE_LINE.matcher(text);
                                if (m.find()) {
                                    resets.put(rcpt, new Mail(m.group(1), at));
                                }
                            }
                            reply(out, "250 OK queued");
                        }
                        case "QUIT" -> {
                            reply(out, "221 bye");
                            return;
                        }
                        default -> reply(out, "250 OK");
                    }
                }
            } catch (IOException ignored) {
                // client went away
            }
        }

        private static void reply(OutputStream out, String s) throws IOException {
            out.write((s + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- D: pgbench

    /**
     * The statements the server runs for one password-reset request of an unknown address, in the
     * same shape: the project lookup and the per-IP counter each in their own autocommit
     * statement, then one transaction (ResetService.request). Durable commits, as configured.
     */
    static final class Pgbench {
        static final String SCRIPT = """
                \\set r random(1, 2000000000)
                SELECT * FROM projects WHERE id = :pid;
                INSERT INTO ip_limits AS l (project_id, ip, window_start, hits) VALUES (:pid, '127.0.0.1', (floor(extract(epoch from clock_timestamp()) / 60) * 60000)::bigint, 1) ON CONFLICT (project_id, ip) DO UPDATE SET hits = CASE WHEN l.window_start = EXCLUDED.window_start THEN l.hits + 1 ELSE 1 END, window_start = EXCLUDED.window_start RETURNING hits;
                BEGIN;
                INSERT INTO otp_limits (project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log, last_failure_at) VALUES (:pid, 'pg' || :client_id::text || '.' || :r::text || '@unknown.test', 'reset', 0, 0, 0, '', 0) ON CONFLICT DO NOTHING;
                SELECT last_sent_at, hour_start, sends_in_hour, fail_log FROM otp_limits WHERE project_id = :pid AND email_key = 'pg' || :client_id::text || '.' || :r::text || '@unknown.test' AND purpose = 'reset' FOR UPDATE;
                SELECT * FROM users WHERE project_id = :pid AND email_key = 'pg' || :client_id::text || '.' || :r::text || '@unknown.test';
                UPDATE otp_codes SET closed_at = (extract(epoch from clock_timestamp()) * 1000)::bigint WHERE project_id = :pid AND email_key = 'pg' || :client_id::text || '.' || :r::text || '@unknown.test' AND purpose IN ('reset', 'reset_token') AND consumed_at IS NULL AND closed_at IS NULL;
                INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at, attempts, max_attempts) VALUES (:pid, 'pg' || :client_id::text || '.' || :r::text || '@unknown.test', NULL, 'reset', md5(:r::text) || md5(:client_id::text), (extract(epoch from clock_timestamp()) * 1000)::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint + 3600000, 0, 10) RETURNING id;
                INSERT INTO outbox (project_id, kind, code_id, recipient, payload, status, attempts, next_attempt_at, expires_at, created_at) VALUES (:pid, 'reset_code', 1, NULL, NULL, 'void', 0, (extract(epoch from clock_timestamp()) * 1000)::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint + 3600000, (extract(epoch from clock_timestamp()) * 1000)::bigint);
                UPDATE otp_limits SET last_sent_at = (extract(epoch from clock_timestamp()) * 1000)::bigint, hour_start = (extract(epoch from clock_timestamp()) * 1000)::bigint, sends_in_hour = 1 WHERE project_id = :pid AND email_key = 'pg' || :client_id::text || '.' || :r::text || '@unknown.test' AND purpose = 'reset';
                INSERT INTO audit_events (project_id, type, user_id, subject, ip, request_id, actor, detail, created_at) VALUES (:pid, 'reset.requested', NULL, md5(:r::text) || md5(:pid), '127.0.0.1', substr(md5(:client_id::text || :r::text), 1, 24), NULL, NULL, (extract(epoch from clock_timestamp()) * 1000)::bigint);
                END;
                """;

        static Stats run(int clients, double seconds) throws Exception {
            Path dir = Files.createTempDirectory(work, "pgbench");
            Path script = dir.resolve("request-otp.sql");
            Files.writeString(script, SCRIPT);
            int secs = Math.max(1, (int) Math.round(seconds));
            List<String> cmd = List.of("pgbench", "-n", "-M", "prepared", "-h", "127.0.0.1", "-U",
                    System.getenv().getOrDefault("KEYWARD_BENCH_PGUSER", "postgres"), "-c", String.valueOf(clients),
                    "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(secs), "-D", "pid=" + projectId,
                    "-f", script.toString(), "-l", "--log-prefix=" + dir.resolve("log"), dbName);
            long[] before = Cpu.snapshot();
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("pgbench failed:\n" + out);
            }
            double[] cpu = Cpu.since(before);
            Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
            Matcher failed = Pattern.compile("number of failed transactions: ([0-9]+)").matcher(out);
            if (!tps.find()) {
                throw new IllegalStateException("no tps in pgbench output:\n" + out);
            }
            if (failed.find() && Integer.parseInt(failed.group(1)) > 0) {
                notes.add("pgbench reported failed transactions: " + failed.group(1));
            }
            Stats st = new Stats();
            // Per-transaction log lines: client_id transaction_no time_us script_no time_epoch time_us
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(x -> x.getFileName().toString().startsWith("log")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        String[] c = line.split(" ");
                        if (c.length >= 3) {
                            st.add(200, Long.parseLong(c[2]) * 1000);
                        }
                    }
                }
            }
            double rate = Double.parseDouble(tps.group(1));
            st.seconds = st.count(200) / rate;
            st.cpu = cpu;
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            return st;
        }
    }

    // ---------------------------------------------------------------- CPU accounting

    /**
     * Core-time from /proc (Linux): the whole machine's busy time, the server process (its pid is
     * in workdir/server.pid), this driver, and the rest (PostgreSQL, pgbench, the kernel).
     */
    static final class Cpu {
        static final double MS_PER_TICK = 10; // USER_HZ = 100 on Linux
        static long serverPid = -1;

        static long[] snapshot() {
            try {
                if (serverPid < 0) {
                    serverPid = Long.parseLong(Files.readString(work.resolve("server.pid")).trim());
                }
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < f.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return new long[] {busy, procTicks("/proc/" + serverPid + "/stat"), procTicks("/proc/self/stat")};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static long procTicks(String path) throws IOException {
            String st = Files.readString(Path.of(path));
            String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        }

        static double[] since(long[] before) {
            long[] after = snapshot();
            if (before == null || after == null) {
                return new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            }
            double busy = (after[0] - before[0]) * MS_PER_TICK;
            double server = (after[1] - before[1]) * MS_PER_TICK;
            double self = (after[2] - before[2]) * MS_PER_TICK;
            return new double[] {busy, server, self, Math.max(0, busy - server - self)};
        }
    }

    static void putCpu(String key, Stats st, int status) {
        double[] c = st.cpuPer(status);
        put(key + ".cpu", c[0]);
        put(key + ".cpu.server", c[1]);
        put(key + ".cpu.driver", c[2]);
        put(key + ".cpu.rest", c[3]);
    }

    // ---------------------------------------------------------------- the table

    static final class Report {
        static double med(String key) {
            List<Double> v = figures.get(key);
            if (v == null || v.isEmpty()) {
                return Double.NaN;
            }
            double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        }

        static String rounds(String key) {
            List<Double> v = figures.get(key);
            if (v == null) {
                return "";
            }
            List<String> s = new ArrayList<>();
            for (double d : v) {
                s.add(fmt(d));
            }
            return String.join(" / ", s);
        }

        static String fmt(double d) {
            if (Double.isNaN(d)) {
                return "n/a";
            }
            if (Math.abs(d) >= 100 || d == Math.rint(d)) {
                return String.format(Locale.ROOT, "%.0f", d);
            }
            return String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
        }

        static final List<String[]> rows = new ArrayList<>();
        static boolean missing;

        static void row(String figure, String key, String unit, String ratio, String target) {
            double v = med(key);
            // 503 latencies are n/a when nothing was refused: that is a result, not a failure to measure.
            if (Double.isNaN(v) && !key.startsWith("O.503.")) {
                missing = true;
            }
            rows.add(new String[] {figure, fmt(v) + " " + unit, rounds(key), ratio, target});
        }

        static void cpuRow(String what, String key) {
            rows.add(new String[] {"  CPU core-ms per " + what, fmt(med(key + ".cpu")) + " ms", rounds(key + ".cpu"),
                    String.format(Locale.ROOT, "server %s, other %s, loadgen %s", fmt(med(key + ".cpu.server")),
                            fmt(med(key + ".cpu.rest")), fmt(med(key + ".cpu.driver"))), ""});
        }

        /** Median over rounds of each round's own ratio: a limit is compared with what ran next to it. */
        static double ratioMed(String a, String b) {
            List<Double> x = figures.get(a);
            List<Double> y = figures.get(b);
            if (x == null || y == null || x.isEmpty() || x.size() != y.size()) {
                return Double.NaN;
            }
            List<Double> r = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                r.add(x.get(i) / y.get(i));
            }
            figures.put(a + "/" + b, r);
            return med(a + "/" + b);
        }

        static String ratio(String a, String b, String label) {
            double r = ratioMed(a, b);
            String each = figures.get(a + "/" + b) != null && figures.get(a + "/" + b).size() > 1
                    ? " (" + rounds(a + "/" + b) + ")" : "";
            return String.format(Locale.ROOT, "%.2f x %s", r, label) + each;
        }

        static String verdict(boolean ok) {
            return ok ? "met" : "MISSED";
        }

        static int print(Settings s) {
            double b = med("B");
            row("B: bcrypt cost 10, all cores", "B", "hashes/s", "", "");
            for (int c : new int[] {2, 8, 32}) {
                double r = ratioMed("C" + c, "B");
                row("confirm (valid code), " + c + " clients", "C" + c, "/s",
                        ratio("C" + c, "B", "B") + ", 503s: " + fmt(med("C" + c + ".503")),
                        ">= 0.90 x B: " + verdict(r >= 0.90));
                row("  confirm " + c + " clients p50", "C" + c + ".p50", "ms", "", "");
                row("  confirm " + c + " clients p99", "C" + c + ".p99", "ms", "", "");
                cpuRow("confirm", "C" + c);
            }
            String o = s.overload() + " clients";
            row("overload " + o + ": successes", "O.ok", "/s", ratio("O.ok", "B", "B"), "");
            row("overload " + o + ": 503 refusals", "O.503", "", String.format(Locale.ROOT, "%.1f %% of replies", med("O.503.share")), "");
            row("  503 latency p50", "O.503.p50", "ms", "", "");
            boolean fast = !(med("O.503.p99") >= 50);
            row("  503 latency p99", "O.503.p99", "ms", "", "< 50 ms: " + verdict(fast));
            row("  503 latency max", "O.503.max", "ms", "", "");
            row("  success latency p99", "O.ok.p99", "ms", "", "");
            row("  timeouts (30 s)", "O.timeouts", "", "", "0: " + verdict(med("O.timeouts") == 0));
            row("  other statuses", "O.other", "", "", "");
            row("wrong-code confirm, 8 clients", "W", "/s", ratio("W", "B", "B"), ">= 20 x B: " + verdict(ratioMed("W", "B") >= 20));
            row("  wrong-code p99", "W.p99", "ms", "", "");
            cpuRow("wrong-code confirm", "W");
            for (int c : new int[] {8, 32}) {
                row("H: /health/live, " + c + " conns", "H" + c, "/s", "", "");
                cpuRow("health call", "H" + c);
                row("D: pgbench reset SQL, " + c + " clients", "D" + c, "tps", "", "");
                row("  D p99, " + c + " clients", "D" + c + ".p99", "ms", "", "");
                cpuRow("D transaction", "D" + c);
                double rd = ratioMed("R" + c, "D" + c);
                row("request-OTP, " + c + " conns", "R" + c, "/s",
                        ratio("R" + c, "D" + c, "D") + ", " + ratio("R" + c, "H" + c, "H"),
                        ">= 0.80 x D: " + verdict(rd >= 0.80));
                row("  request-OTP p50, " + c + " conns", "R" + c + ".p50", "ms", "", "");
                row("  request-OTP p99, " + c + " conns", "R" + c + ".p99", "ms", "",
                        c == 32 ? "<= 25 ms: " + verdict(med("R32.p99") <= 25) : "");
                cpuRow("request-OTP", "R" + c);
            }
            row("mail relay, draining a backlog", "M.rate", "mails/s", "", "");
            row("  backlog when the burst ended", "M.backlog", "mails", "", "");
            row("  SMTP connections the relay opened", "M.smtpConnections", "", "", "");
            row("  request-to-delivery p50 (paced 20/s)", "M.delay.p50", "ms", "", "");
            row("  request-to-delivery p99 (paced 20/s)", "M.delay.p99", "ms", "", "");
            row("  request-to-delivery p50 (burst)", "M.burst.p50", "ms", "", "");
            row("  request-to-delivery p99 (burst)", "M.burst.p99", "ms", "", "");
            row("password-reset known email p50", "K.p50", "ms", "", "");
            row("password-reset unknown email p50", "U.p50", "ms", "", "");
            row("  |known - unknown| p50", "KU.diff", "ms", "", "within 1 ms: " + verdict(med("KU.diff") <= 1));
            row("password-reset known email p99", "K.p99", "ms", "", "");
            row("password-reset unknown email p99", "U.p99", "ms", "", "");

            int[] w = {4, 10, 10, 10, 10};
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    w[i] = Math.max(w[i], r[i].length());
                }
            }
            String[] head = {"figure", "median", s.rounds() == 1 ? "round" : "rounds", "ratio", "target"};
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "Keyward reset benchmark (%s: %d round%s of %.1f s phases, warm-up %.0f s, %d cores, bcrypt cost 10)%n",
                    s.quick() ? "quick" : "full", s.rounds(), s.rounds() == 1 ? "" : "s", s.phase(), s.warmup(),
                    Runtime.getRuntime().availableProcessors()));
            line(out, w, head);
            String[] sep = new String[5];
            for (int i = 0; i < 5; i++) {
                sep[i] = "-".repeat(w[i]);
            }
            line(out, w, sep);
            for (String[] r : rows) {
                line(out, w, r);
            }
            for (String n : new java.util.LinkedHashSet<>(notes)) {
                out.append("note: ").append(n).append('\n');
            }
            System.out.print(out);
            System.out.flush();
            if (missing) {
                System.err.println("bench: some figures could not be measured (n/a)");
                return 1;
            }
            return 0;
        }

        static void line(StringBuilder out, int[] w, String[] cells) {
            out.append("| ");
            for (int i = 0; i < cells.length; i++) {
                out.append(String.format("%-" + w[i] + "s", cells[i])).append(" | ");
            }
            out.setLength(out.length() - 1);
            out.append('\n');
        }
    }
}
