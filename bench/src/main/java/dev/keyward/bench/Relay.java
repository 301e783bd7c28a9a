package dev.keyward.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The mail relay phases: request-to-delivery delay at a gentle pace, and bursts of known-address
 * requests whose mails (read from the {@link SmtpSink}) supply the valid codes for the confirm
 * phases and give the relay's drain rate.
 */
final class Relay {
    private final Settings settings;
    private final Load load;
    private final ResetApi api;
    private final Addresses addresses;
    private final SmtpSink sink;
    private final Figures figures;

    Relay(Settings settings, Load load, ResetApi api, Addresses addresses, SmtpSink sink, Figures figures) {
        this.settings = settings;
        this.load = load;
        this.api = api;
        this.addresses = addresses;
        this.sink = sink;
        this.figures = figures;
    }

    /** Request-to-delivery delay at a gentle pace (20/s on one connection), so no backlog forms. */
    void delay() throws Exception {
        int n = settings.quick() ? 10 : 100;
        List<String> emails = new ArrayList<>();
        Map<String, Long> sent = new ConcurrentHashMap<>();
        try (Conn c = load.connect()) {
            for (int i = 0; i < n; i++) {
                String e = addresses.nextKnown();
                long t = System.nanoTime();
                api.request(c, e).require(200, "password-reset");
                sent.put(e, t);
                emails.add(e);
                Thread.sleep(50);
            }
        }
        awaitMail(emails, 30);
        List<Long> delays = new ArrayList<>();
        for (String e : emails) {
            delays.add(sink.mail(e).at() - sent.get(e));
        }
        double[] p = Percentiles.millis(delays, 50, 99);
        figures.put("M.delay.p50", p[0]);
        figures.put("M.delay.p99", p[1]);
        Log.log("  relay delay (paced 20/s): p50 %.1f ms p99 %.1f ms", p[0], p[1]);
    }

    /**
     * Requests codes for {@code n} fresh known addresses as fast as 8 connections go and waits for
     * the mails; returns {address, code} pairs. Relay throughput is taken over the drain after the
     * burst (the relay alone), and the request-to-delivery delay under backlog over the whole
     * burst. Bursts under 200 (the warm-up's) are not measurements.
     */
    ConcurrentLinkedQueue<String[]> feed(int n) throws Exception {
        n = Math.min(n, addresses.knownLeft());
        if (n <= 0) {
            throw new IllegalStateException("ran out of seeded users");
        }
        List<String> emails = Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> sent = new ConcurrentHashMap<>();
        AtomicInteger left = new AtomicInteger(n);
        long start = System.nanoTime();
        long conns0 = sink.connections();
        load.parallel(8, conn -> {
            while (left.getAndDecrement() > 0) {
                String e = addresses.nextKnown();
                long t = System.nanoTime();
                api.request(conn, e).require(200, "password-reset");
                sent.put(e, t);
                emails.add(e);
            }
        });
        long burstEnd = System.nanoTime();
        int deliveredAtEnd = 0;
        for (String e : emails) {
            if (sink.hasMail(e)) {
                deliveredAtEnd++;
            }
        }
        awaitMail(emails, 120);
        long last = 0;
        List<Long> delays = new ArrayList<>();
        ConcurrentLinkedQueue<String[]> q = new ConcurrentLinkedQueue<>();
        for (String e : emails) {
            SmtpSink.Mail m = sink.mail(e);
            last = Math.max(last, m.at());
            delays.add(m.at() - sent.get(e));
            q.add(new String[] {e, m.code()});
        }
        int backlog = n - deliveredAtEnd;
        if (n >= 200) {
            double drainRate = backlog > 1 ? (backlog - 1) / ((last - burstEnd) / 1e9) : Double.NaN;
            figures.put("M.rate", backlog >= 50 ? drainRate : n / ((last - start) / 1e9));
            figures.put("M.backlog", backlog);
            double[] p = Percentiles.millis(delays, 50, 99);
            figures.put("M.burst.p50", p[0]);
            figures.put("M.burst.p99", p[1]);
            figures.put("M.smtpConnections", sink.connections() - conns0);
            Log.log("  relay: %d mails over %d SMTP connections, burst %.1f s, backlog %d, drain %.0f mails/s;"
                    + " delay under backlog p50 %.0f p99 %.0f ms", n, sink.connections() - conns0,
                    (burstEnd - start) / 1e9, backlog, drainRate, p[0], p[1]);
        }
        return q;
    }

    void awaitMail(List<String> emails, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (String e : emails) {
            while (!sink.hasMail(e)) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("mail for " + e + " not delivered within " + seconds + " s");
                }
                Thread.sleep(5);
            }
        }
    }

    /** Waits until the relay has nothing left (no new mail for 300 ms), so phases do not overlap. */
    void drain(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long seen = -1;
        while (System.nanoTime() < end) {
            long now = sink.count();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(300);
        }
    }
}
