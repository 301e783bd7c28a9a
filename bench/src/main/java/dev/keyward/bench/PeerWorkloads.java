package dev.keyward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workloads {@code --peers} runs on Keyward and on Keycloak alike, closed-loop at
 * {@link #CLIENTS} clients with the same warm-ups and durations: password logins (round robin
 * over the login users), then reset emails, each for a fresh user, timed until the sink has every
 * mail the measured phase asked for.
 */
final class PeerWorkloads {
    static final int CLIENTS = 8;
    static final double LOGIN_WARMUP = 5;
    static final double RESET_WARMUP = 3;
    static final double PHASE = 10;
    private static final long MAIL_WAIT_NANOS = 60_000_000_000L;

    private final Figures figures;
    private final SmtpSink sink;

    PeerWorkloads(Figures figures, SmtpSink sink) {
        this.figures = figures;
        this.sink = sink;
    }

    /** Both workloads on one server; figures are stored under {@code side} ("kw" or "kc"). */
    void run(String side, String name, Peers.Side s, Load load, CpuSampler cpu) throws Exception {
        login(side, name, s, load);
        reset(side, name, s, load, cpu);
    }

    private void login(String side, String name, Peers.Side s, Load load) throws Exception {
        // Each login user once first: Keyward re-hashes an imported plain bcrypt hash at its first login
        // (two hashes: on a busy box its bcrypt pool may answer 503, and the client waits as told).
        AtomicInteger first = new AtomicInteger();
        load.parallel(CLIENTS, c -> {
            for (int k; (k = first.getAndIncrement()) < Peers.LOGIN_USERS; ) {
                Resp r = s.login(c, k);
                for (int tries = 1; r.status() == 503 && tries < 20; tries++) {
                    Thread.sleep(Math.max(1, r.retryAfter()) * 1000L);
                    r = s.login(c, k);
                }
                r.require(200, name + " login");
            }
        });
        AtomicInteger next = new AtomicInteger();
        Load.Call call = c -> s.login(c, next.getAndIncrement() % Peers.LOGIN_USERS);
        load.closedLoop(CLIENTS, LOGIN_WARMUP, call);
        Stats st = load.closedLoop(CLIENTS, PHASE, call);
        figures.put(side + ".login", st.rate(200));
        figures.put(side + ".login.p50", st.pct(200, 50));
        figures.put(side + ".login.p99", st.pct(200, 99));
        figures.put(side + ".login.cpu", st.cpuPer(200)[1]);
        figures.put(side + ".login.rest", st.cpu[3] / 1000 / st.seconds);
        others(name + " login", st, 200);
        Log.log("peers: %s: %.1f logins/s, p50 %.1f ms, p99 %.1f ms", name, st.rate(200), st.pct(200, 50), st.pct(200, 99));
    }

    private void reset(String side, String name, Peers.Side s, Load load, CpuSampler cpu) throws Exception {
        AtomicInteger next = new AtomicInteger(Peers.LOGIN_USERS);
        List<Integer> warm = Collections.synchronizedList(new ArrayList<>());
        load.closedLoop(CLIENTS, RESET_WARMUP, resetCall(s, next, warm));
        // The warm-up's mails first (Keyward's relay sends after the response), so they do not share the phase.
        awaitMails(warm);
        List<Integer> asked = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        long[] before = cpu.snapshot();
        Stats st = load.closedLoop(CLIENTS, PHASE, resetCall(s, next, asked));
        long[] arrived = awaitMails(asked);
        double[] c = cpu.since(before);
        int ok = s.resetOk();
        figures.put(side + ".reset", st.rate(ok));
        figures.put(side + ".reset.p50", st.pct(ok, 50));
        figures.put(side + ".reset.p99", st.pct(ok, 99));
        double delivered = arrived[0] == 0 ? Double.NaN : arrived[0] / ((arrived[1] - start) / 1e9);
        figures.put(side + ".delivered", delivered);
        figures.put(side + ".reset.cpu", c[1] / arrived[0]);
        figures.put(side + ".reset.rest", c[3] / 1000 / ((System.nanoTime() - start) / 1e9));
        others(name + " reset email", st, ok);
        if (next.get() >= Peers.USERS) {
            figures.note(String.format(Locale.ROOT, "%s ran out of users for reset emails after %.1f s: its rate is over that time",
                    name, st.seconds));
        }
        if (arrived[0] < asked.size()) {
            figures.note(name + ": only " + arrived[0] + " of " + asked.size() + " reset mails arrived within 60 s");
        }
        Log.log("peers: %s: %.1f reset emails requested/s (p50 %.1f ms, p99 %.1f ms), %d delivered at %.1f/s", name,
                st.rate(ok), st.pct(ok, 50), st.pct(ok, 99), arrived[0], delivered);
    }

    /** Asks for a reset email for the next fresh user; null (that client stops) when none is left. */
    private static Load.Call resetCall(Peers.Side s, AtomicInteger next, List<Integer> asked) {
        return c -> {
            int k = next.getAndIncrement();
            if (k >= Peers.USERS) {
                return null;
            }
            Resp r = s.reset(c, k);
            if (r.status() == s.resetOk()) {
                asked.add(k);
            }
            return r;
        };
    }

    /** Waits (at most 60 s) for a mail to each of these users; returns {how many arrived, the last arrival's nanoTime}. */
    private long[] awaitMails(List<Integer> users) throws InterruptedException {
        long end = System.nanoTime() + MAIL_WAIT_NANOS;
        long count = 0;
        long last = 0;
        List<Integer> copy;
        synchronized (users) {
            copy = new ArrayList<>(users);
        }
        for (int k : copy) {
            Long at;
            while ((at = sink.arrived(Addresses.known(k))) == null && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            if (at != null) {
                count++;
                last = Math.max(last, at);
            }
        }
        return new long[] {count, last};
    }

    /** A note for replies other than the successful status (they are not counted in the rate). */
    private void others(String what, Stats st, int ok) {
        StringBuilder b = new StringBuilder();
        st.counts().forEach((status, n) -> {
            if (status != ok) {
                b.append(b.length() == 0 ? "" : ", ").append(n).append(" x HTTP ").append(status);
            }
        });
        if (st.timeouts.get() > 0) {
            b.append(b.length() == 0 ? "" : ", ").append(st.timeouts.get()).append(" timeouts");
        }
        if (b.length() > 0) {
            figures.note(what + " phase also got " + b + " (not counted)");
        }
    }
}
