package dev.keyward.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The measurement plan: the warm-up, then each round's phases in order, recording every figure
 * in {@link Figures} for the {@link Report}.
 */
final class Benchmark {
    private final Settings s;
    private final Figures figures;
    private final Phases phases;
    private final Relay relay;
    private final Pgbench pgbench;

    Benchmark(Settings settings, Figures figures, Phases phases, Relay relay, Pgbench pgbench) {
        this.s = settings;
        this.figures = figures;
        this.phases = phases;
        this.relay = relay;
        this.pgbench = pgbench;
    }

    void run() throws Exception {
        Log.log("warm-up %.0f s", s.warmup());
        warmUp();
        for (int r = 1; r <= s.rounds(); r++) {
            Log.log("round %d of %d", r, s.rounds());
            round();
        }
    }

    /**
     * Every measured path, so the JIT has compiled it: health, reset requests, confirms, bcrypt, the
     * open loop (its 64 connections, and the queue a late reply leaves, run code no closed loop does), pgbench.
     */
    private void warmUp() throws Exception {
        long end = System.nanoTime() + (long) (s.warmup() * 1e9);
        ConcurrentLinkedQueue<String[]> codes = new ConcurrentLinkedQueue<>();
        double requestRate = 0;
        while (System.nanoTime() < end) {
            double slice = Math.min(s.quick() ? 0.5 : 5, Math.max(0.1, (end - System.nanoTime()) / 1e9));
            phases.health(8, slice / 4);
            requestRate = phases.requestUnknown(8, slice / 4).rate(200);
            codes.addAll(relay.feed(s.quick() ? 10 : 40));
            phases.confirm(4, slice / 4, codes);
            phases.confirmUnknown(4, slice / 4);
            Bcrypt.rate(Math.min(1, slice / 4));
        }
        phases.openLoopStats(0.7 * requestRate, s.warmup() / 6);
        pgbench.run(4, s.quick() ? 0.5 : 3);
        relay.drain(30);
    }

    private void round() throws Exception {
        double closedMax = 0;
        for (int c : new int[] {8, 32}) {
            Stats h = phases.health(c, s.phase());
            figures.put("H" + c, h.rate(200));
            figures.put("H" + c + ".p99", h.pct(200, 99));
            figures.putCpu("H" + c, h, 200);
            Stats d = pgbench.run(c, s.phase());
            figures.put("D" + c, d.rate(200));
            figures.put("D" + c + ".p99", d.pct(200, 99));
            figures.putCpu("D" + c, d, 200);
            Stats q = phases.requestUnknown(c, s.phase());
            figures.put("R" + c, q.rate(200));
            figures.put("R" + c + ".p50", q.pct(200, 50));
            figures.put("R" + c + ".p99", q.pct(200, 99));
            figures.put("R" + c + ".errors", q.total() - q.count(200));
            figures.putCpu("R" + c, q, 200);
            Log.log("  %d conns: H %.0f/s  D %.0f tps  request-OTP %.0f/s p99 %.1f ms", c, h.rate(200), d.rate(200),
                    q.rate(200), q.pct(200, 99));
            closedMax = Math.max(closedMax, q.rate(200));
            relay.drain(10);
        }
        openLoop(phases, figures, "OL", closedMax, s.phase());
        relay.drain(10);

        phases.knownVsUnknown();
        relay.drain(30);

        // Relay delay at a gentle pace (idle relay), then relay throughput on a burst that also
        // supplies the valid codes for the confirm phases.
        relay.delay();
        // B right before the confirm phases it is compared with (the machine is shared and noisy).
        double b = Bcrypt.rate(s.bPhase());
        figures.put("B", b);
        Log.log("  B = %.1f hashes/s", b);
        int targetCount = s.quick() ? 40 : 300;
        int need = (int) Math.ceil(b * (3 * s.phase() + s.phase()) * 1.5) + 200 + targetCount;
        ConcurrentLinkedQueue<String[]> codes = relay.feed(need);
        // Addresses kept aside with an open code for the wrong-code phase (about 50 guesses each in
        // a full run: past maxAttempts the statements are the same, and the daily budget of 100 holds).
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < targetCount && !codes.isEmpty(); i++) {
            targets.add(codes.poll()[0]);
        }

        for (int c : new int[] {2, 8, 32}) {
            Stats st = phases.confirm(c, s.phase(), codes);
            figures.put("C" + c, st.rate(200));
            figures.put("C" + c + ".p50", st.pct(200, 50));
            figures.put("C" + c + ".p99", st.pct(200, 99));
            figures.put("C" + c + ".503", st.count(503));
            figures.putCpu("C" + c, st, 200);
            Log.log("  confirm %d clients: %.1f/s p50 %.0f ms p99 %.0f ms (503s: %d, other: %d)", c, st.rate(200),
                    st.pct(200, 50), st.pct(200, 99), st.count(503), st.total() - st.count(200) - st.count(503));
            relay.drain(10);
        }
        overload(codes);
        relay.drain(30);

        Stats w = phases.wrongCodes(8, s.phase(), targets);
        figures.put("W", w.rate(400));
        figures.put("W.p99", w.pct(400, 99));
        figures.put("W.other", w.total() - w.count(400));
        figures.putCpu("W", w, 400);
        Log.log("  wrong-code confirm: %.0f/s p99 %.1f ms", w.rate(400), w.pct(400, 99));
    }

    /**
     * Request-OTP open loop at 0.7 x the best closed-loop rate of the same round, latency from each
     * request's scheduled start (no coordinated omission); figures under {@code key}.
     */
    static OpenLoop.Result openLoop(Phases phases, Figures figures, String key, double closedMax, double seconds)
            throws Exception {
        Stats st = phases.openLoopStats(0.7 * closedMax, seconds);
        OpenLoop.Result ol = OpenLoop.result(0.7 * closedMax, st);
        OpenLoop.putLateness(figures, key, st);
        figures.put(key + ".target", ol.targetRate());
        figures.put(key + ".rate", ol.achievedRate());
        figures.put(key + ".p50", ol.p50());
        figures.put(key + ".p99", ol.p99());
        figures.put(key + ".p999", ol.p999());
        figures.put(key + ".n", ol.sent());
        figures.put(key + ".other", ol.other());
        Log.log("  open loop at %.0f/s (0.7 x %.0f): achieved %.0f/s, p50 %.1f p99 %.1f p99.9 %.1f ms, %d sent, %d not 200",
                ol.targetRate(), closedMax, ol.achievedRate(), ol.p50(), ol.p99(), ol.p999(), ol.sent(), ol.other());
        return ol;
    }

    /** Valid-code confirms with more clients than the bcrypt pool can serve: 503s, their latency, timeouts. */
    private void overload(ConcurrentLinkedQueue<String[]> codes) throws Exception {
        Stats o = phases.confirm(s.overload(), s.phase(), codes);
        figures.put("O.ok", o.rate(200));
        figures.put("O.503", o.count(503));
        figures.put("O.503.share", o.total() == 0 ? 0 : 100.0 * o.count(503) / o.total());
        figures.put("O.503.p50", o.pct(503, 50));
        figures.put("O.503.p99", o.pct(503, 99));
        figures.put("O.503.max", o.pct(503, 100));
        figures.put("O.ok.p99", o.pct(200, 99));
        figures.put("O.timeouts", o.timeouts.get());
        figures.put("O.other", o.total() - o.count(200) - o.count(503));
        Log.log("  overload %d clients: ok %.1f/s, 503 %d (p50 %.1f p99 %.1f max %.1f ms), timeouts %d, other %d",
                s.overload(), o.rate(200), o.count(503), o.pct(503, 50), o.pct(503, 99), o.pct(503, 100),
                o.timeouts.get(), o.total() - o.count(200) - o.count(503));
    }
}
