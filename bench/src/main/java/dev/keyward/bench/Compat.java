package dev.keyward.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code bench/run --compat}: the compat profiles' calls next to their Mudbase equivalents, in one
 * round on the same server, every phase with the same clients and length, so the ratios can be
 * quoted. Calls that are compared run as one group of interleaved slices (A B C, B C A, C A B),
 * so a shared machine's drifting background load falls on each of them alike.
 *
 * <p>Request phases use fresh seeded addresses: their mails are sent, and their codes, read from
 * the {@link SmtpSink}, feed the reset phases. The bcrypt-bound resets run first, right after B:
 * they take only the few codes bcrypt allows, and the rest of each kind's codes feed the
 * database-bound code checks after them, each slice its share. Figures go to {@link Figures} for
 * {@link CompatReport}.
 */
final class Compat {
    /** One request call, for a fresh seeded address. */
    interface RequestCall {
        Resp call(Conn c, String email) throws IOException;
    }

    /** One call with a queued secret: {address, secret} (and a retry count after a 503). */
    interface SecretCall {
        Resp call(Conn c, String[] secret) throws Exception;
    }

    /** One slice of a phase: the {@code index}-th of {@link CompatSettings#slices()}, this long. */
    interface Slice {
        Stats run(int index, double seconds) throws Exception;
    }

    private static final Pattern OTP = Pattern.compile("[0-9]{" + Main.CODE_LENGTH + "}");
    private static final Pattern CARGO_TOKEN = Pattern.compile(SmtpSink.ALPHANUMERIC + "{" + SmtpSink.CARGO_TOKEN_LENGTH + "}");
    private static final Pattern STRAPI_CODE = Pattern.compile(SmtpSink.ALPHANUMERIC + "{" + SmtpSink.STRAPI_CODE_LENGTH + "}");
    private static final int MAX_503_RETRIES = 6;
    /** More resets per second than two cores' bcrypt at cost 10 gives (about 33): sizes the step-2 confirmations made ahead. */
    private static final int MAX_RESETS_PER_SECOND = 60;

    private final CompatSettings s;
    private final Load load;
    private final ResetApi api;
    private final CompatApi compat;
    private final Addresses addresses;
    private final SmtpSink sink;
    private final Relay relay;
    private final Figures figures;

    Compat(CompatSettings settings, Load load, ResetApi api, CompatApi compat, Addresses addresses, SmtpSink sink,
           Relay relay, Figures figures) {
        this.s = settings;
        this.load = load;
        this.api = api;
        this.compat = compat;
        this.addresses = addresses;
        this.sink = sink;
        this.relay = relay;
        this.figures = figures;
    }

    void run() throws Exception {
        Log.log("compat: warm-up");
        warmUp();
        Log.log("compat: %d clients, %d interleaved slices of %.1f s per call", s.clients(), s.slices(),
                s.phase() / s.slices());

        Requests mudbase = new Requests("Mudbase password-reset", api::request);
        Requests cargo = new Requests("Cargo forgot-password", compat::cargoForgot);
        Requests strapi = new Requests("Strapi forgot-password", compat::strapiForgot);
        List<Stats> req = interleaved(List.of(mudbase::slice, cargo::slice, strapi::slice));
        put("req.mudbase", mudbase.what, 200, req.get(0));
        put("req.cargo", cargo.what, 200, req.get(1));
        put("req.strapi", strapi.what, 200, req.get(2));
        Queue<String[]> otps = codes(mudbase.asked, OTP, mudbase.what);
        Queue<String[]> tokens = codes(cargo.asked, CARGO_TOKEN, cargo.what);
        Queue<String[]> codes = codes(strapi.asked, STRAPI_CODE, strapi.what);
        relay.drain(30);

        // Step 2 ahead of time (not measured) for the step-3-alone phase: a confirmed reset lasts 10 minutes.
        Queue<String[]> confirmed = new ConcurrentLinkedQueue<>();
        int ahead = Math.min(tokens.size() / 4, (int) Math.ceil(MAX_RESETS_PER_SECOND * s.phase()) + 2 * s.clients());
        cargoConfirms(take(tokens, ahead), confirmed, 60, Integer.MAX_VALUE, null);

        double b = Bcrypt.rate(s.bPhase());
        figures.put("B", b);
        Log.log("  B = %.1f hashes/s", b);
        Stats step2 = new Stats();
        Stats step3 = new Stats();
        List<Stats> resets = interleaved(List.of(
                (i, t) -> secrets("Mudbase confirm", otps, true, t, Integer.MAX_VALUE, (c, x) -> api.confirm(c, x[0], x[1])),
                (i, t) -> pairs(tokens, t, step2, step3, "Cargo steps 2+3"),
                (i, t) -> secrets("Cargo step 3 alone", confirmed, true, t, Integer.MAX_VALUE,
                        (c, x) -> compat.cargoReset(c, x[0])),
                (i, t) -> strapiResets(codes, t, "Strapi reset-password")));
        step2.seconds = resets.get(1).seconds;
        step3.seconds = resets.get(1).seconds;
        put("reset.mudbase", "Mudbase confirm", 200, resets.get(0));
        put("cargo.pair", "Cargo steps 2+3", 200, resets.get(1));
        put("cargo.pair.step2", "  step 2 in the pairs", 200, step2);
        put("cargo.pair.step3", "  step 3 in the pairs", 200, step3);
        put("cargo.step3", "Cargo step 3 alone", 200, resets.get(2));
        put("reset.strapi", "Strapi reset-password", 200, resets.get(3));
        relay.drain(30);

        List<Stats> checks = interleaved(List.of(
                (i, t) -> secrets("Mudbase verify", otps, false, t, share(otps, i), (c, x) -> api.verify(c, x[0], x[1])),
                (i, t) -> cargoConfirms(tokens, new ConcurrentLinkedQueue<>(), t, share(tokens, i), "Cargo step 2 alone")));
        put("verify.mudbase", "Mudbase verify", 200, checks.get(0));
        put("cargo.step2", "Cargo step 2 alone", 200, checks.get(1));
        relay.drain(30);
    }

    /**
     * Runs each phase's slices in turn, {@link CompatSettings#slices()} passes, each pass starting
     * one phase later, so none is always first; returns each phase's slices merged.
     */
    List<Stats> interleaved(List<Slice> phases) throws Exception {
        List<Stats> merged = new ArrayList<>();
        for (int p = 0; p < phases.size(); p++) {
            merged.add(new Stats());
        }
        double seconds = s.phase() / s.slices();
        for (int i = 0; i < s.slices(); i++) {
            for (int k = 0; k < phases.size(); k++) {
                int p = (i + k) % phases.size();
                merged.get(p).merge(phases.get(p).run(i, seconds));
            }
        }
        return merged;
    }

    /** The {@code index}-th slice's share of what is left in the queue, so no slice starves the later ones. */
    private int share(Queue<String[]> q, int index) {
        return (int) Math.ceil(q.size() / (double) (s.slices() - index));
    }

    /** Takes up to n entries off the queue into a new one. */
    private static Queue<String[]> take(Queue<String[]> q, int n) {
        Queue<String[]> out = new ConcurrentLinkedQueue<>();
        for (String[] x; n > 0 && (x = q.poll()) != null; n--) {
            out.add(x);
        }
        return out;
    }

    /**
     * A request phase: closed-loop calls for fresh seeded addresses, at most {@code perCall} of
     * them over all its slices, each slice its share of what is left. The addresses that were
     * answered 200 are kept for their mails.
     */
    private final class Requests {
        final String what;
        final RequestCall call;
        final AtomicInteger left = new AtomicInteger(s.perCall());
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        Requests(String what, RequestCall call) {
            this.what = what;
            this.call = call;
        }

        Stats slice(int index, double seconds) throws Exception {
            AtomicInteger mine = new AtomicInteger((int) Math.ceil(left.get() / (double) (s.slices() - index)));
            AtomicInteger ranOut = new AtomicInteger();
            Stats st = load.closedLoop(s.clients(), seconds, c -> {
                if (mine.getAndDecrement() <= 0) {
                    ranOut.incrementAndGet();
                    return null;
                }
                left.decrementAndGet();
                String e = addresses.nextKnown();
                Resp r = call.call(c, e);
                if (r.status() == 200) {
                    asked.add(e);
                }
                return r;
            });
            if (ranOut.get() > 0) {
                figures.note(what + " used all its addresses (" + s.perCall() + " per call) before a slice ended; its rate"
                        + " is over the time it had work");
            }
            return st;
        }
    }

    /**
     * Every measured path once over, so the JIT has compiled it: each request kind for unknown
     * addresses (no mail, no seeded user spent), then a few codes of each kind through every reset path.
     */
    private void warmUp() throws Exception {
        double slice = s.warmup() / 3;
        load.closedLoop(s.clients(), slice, c -> api.request(c, addresses.nextUnknown()));
        load.closedLoop(s.clients(), slice, c -> compat.cargoForgot(c, addresses.nextUnknown()));
        load.closedLoop(s.clients(), slice, c -> compat.strapiForgot(c, addresses.nextUnknown()));
        Queue<String[]> otps = warmCodes(api::request, OTP);
        Queue<String[]> tokens = warmCodes(compat::cargoForgot, CARGO_TOKEN);
        Queue<String[]> codes = warmCodes(compat::strapiForgot, STRAPI_CODE);
        Queue<String[]> verifyOtps = half(otps);
        Queue<String[]> confirmTokens = half(tokens);
        Queue<String[]> confirmed = new ConcurrentLinkedQueue<>();
        int all = Integer.MAX_VALUE;
        secrets(null, otps, true, 30, all, (c, x) -> api.confirm(c, x[0], x[1]));
        secrets(null, verifyOtps, false, 30, all, (c, x) -> api.verify(c, x[0], x[1]));
        pairs(tokens, 30, new Stats(), new Stats(), null);
        cargoConfirms(confirmTokens, confirmed, 30, all, null);
        secrets(null, confirmed, true, 30, all, (c, x) -> compat.cargoReset(c, x[0]));
        strapiResets(codes, 30, null);
        relay.drain(30);
    }

    /** Takes half of the queue's entries into a new queue. */
    private static Queue<String[]> half(Queue<String[]> q) {
        Queue<String[]> out = new ConcurrentLinkedQueue<>();
        for (int n = q.size() / 2; n > 0; n--) {
            out.add(q.poll());
        }
        return out;
    }

    /** Codes for {@code warmCodes} fresh seeded addresses, requested on 4 connections. */
    private Queue<String[]> warmCodes(RequestCall call, Pattern shape) throws Exception {
        AtomicInteger left = new AtomicInteger(s.warmCodes());
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        load.parallel(4, c -> {
            while (left.getAndDecrement() > 0) {
                String e = addresses.nextKnown();
                call.call(c, e).require(200, "reset request (warm-up)");
                asked.add(e);
            }
        });
        return codes(asked, shape, null);
    }

    /** Waits for the mails of these addresses and returns {address, code}; a code of the wrong shape is noted. */
    private Queue<String[]> codes(List<String> asked, Pattern shape, String what) throws InterruptedException {
        relay.awaitMail(asked, 120);
        Queue<String[]> q = new ConcurrentLinkedQueue<>();
        int misshapen = 0;
        for (String e : asked) {
            String code = sink.code(e);
            if (shape.matcher(code).matches()) {
                q.add(new String[] {e, code});
            } else {
                misshapen++;
            }
        }
        if (misshapen > 0) {
            figures.note((what == null ? "warm-up" : what) + ": " + misshapen + " mails without a code of the expected shape "
                    + shape.pattern());
        }
        return q;
    }

    /**
     * Closed-loop calls, each with the next queued secret, until the phase ends, the queue is
     * empty or {@code limit} secrets were taken. With {@code retry503} a 503 puts the secret back
     * (refused before the secret is looked at, it is still valid), as a retrying client would;
     * {@code what} null is the warm-up.
     */
    private Stats secrets(String what, Queue<String[]> q, boolean retry503, double seconds, int limit, SecretCall call)
            throws Exception {
        AtomicInteger ranOut = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        Stats st = load.closedLoop(s.clients(), seconds, c -> {
            String[] x = taken.incrementAndGet() > limit ? null : q.poll();
            if (x == null) {
                ranOut.incrementAndGet();
                return null;
            }
            Resp r = call.call(c, x);
            int tries = x.length > 2 ? Integer.parseInt(x[2]) : 0;
            if (retry503 && r.status() == 503 && tries < MAX_503_RETRIES) {
                q.add(new String[] {x[0], x[1], String.valueOf(tries + 1)});
            }
            return r;
        });
        if (what != null && ranOut.get() > 0) {
            figures.note(what + " ran out of codes (or of a slice's share of them); its rate is over the time it had work");
        }
        return st;
    }

    /** Cargo step 2 for each queued token; each confirmed address is queued for step 3. */
    private Stats cargoConfirms(Queue<String[]> tokens, Queue<String[]> confirmed, double seconds, int limit,
                                String what) throws Exception {
        AtomicInteger wrongAddress = new AtomicInteger();
        Stats st = secrets(what, tokens, false, seconds, limit, (c, x) -> {
            Resp r = compat.cargoConfirm(c, x[1]);
            if (r.status() == 200) {
                if (r.body().contains("\"" + x[0] + "\"")) {
                    confirmed.add(new String[] {x[0], ""});
                } else {
                    wrongAddress.incrementAndGet();
                }
            }
            return r;
        });
        if (wrongAddress.get() > 0) {
            figures.note((what == null ? "warm-up" : what) + ": " + wrongAddress.get()
                    + " step-2 answers without the token's address");
        }
        return st;
    }

    /** Strapi reset-password for each queued code; a 200 must carry a session (jwt). */
    private Stats strapiResets(Queue<String[]> codes, double seconds, String what) throws Exception {
        AtomicInteger noJwt = new AtomicInteger();
        Stats st = secrets(what, codes, true, seconds, Integer.MAX_VALUE, (c, x) -> {
            Resp r = compat.strapiReset(c, x[1]);
            if (r.status() == 200 && !r.body().contains("\"jwt\"")) {
                noJwt.incrementAndGet();
            }
            return r;
        });
        if (noJwt.get() > 0) {
            figures.note((what == null ? "warm-up" : what) + ": " + noJwt.get() + " successful resets without a jwt");
        }
        return st;
    }

    /**
     * Cargo's steps 2 and 3 back to back, one pair per token; each step's latency goes to
     * {@code step2} and {@code step3}. The pair's latency is from sending step 2 to step 3's
     * answer. A 503 on step 3 (refused before the confirmed reset is looked at) is retried after
     * its Retry-After, as a client would, inside the pair: its token is spent by then.
     */
    private Stats pairs(Queue<String[]> tokens, double seconds, Stats step2, Stats step3, String what) throws Exception {
        return secrets(what, tokens, false, seconds, Integer.MAX_VALUE, (c, x) -> {
            long t0 = System.nanoTime();
            Resp r2 = compat.cargoConfirm(c, x[1]);
            step2.add(r2.status(), System.nanoTime() - t0);
            if (r2.status() != 200) {
                return r2;
            }
            Resp r3 = null;
            for (int tries = 0; tries <= MAX_503_RETRIES; tries++) {
                if (r3 != null) {
                    TimeUnit.SECONDS.sleep(Math.max(1, r3.retryAfter()));
                }
                long t1 = System.nanoTime();
                r3 = compat.cargoReset(c, x[0]);
                step3.add(r3.status(), System.nanoTime() - t1);
                if (r3.status() != 503) {
                    break;
                }
            }
            return r3;
        });
    }

    /** Records the rate and p50/p99 of replies with {@code status}; any other outcome becomes a note. */
    private void put(String key, String what, int status, Stats st) {
        figures.put(key, st.rate(status));
        figures.put(key + ".p50", st.pct(status, 50));
        figures.put(key + ".p99", st.pct(status, 99));
        String other = others(st, status);
        if (!other.isEmpty()) {
            figures.note(what.trim() + ": " + other);
        }
        Log.log("  %-28s %7.1f/s  p50 %7.2f ms  p99 %7.2f ms%s", what, st.rate(status), st.pct(status, 50),
                st.pct(status, 99), other.isEmpty() ? "" : "  (" + other + ")");
    }

    /** "3 x 429, 1 x 503, 2 timeouts": every outcome but the expected status; empty if none. */
    static String others(Stats st, int status) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Integer, Integer> e : st.counts().entrySet()) {
            if (e.getKey() != status) {
                out.add(e.getValue() + " x " + e.getKey());
            }
        }
        if (st.timeouts.get() > 0) {
            out.add(st.timeouts.get() + " timeouts");
        }
        if (st.errors.get() > 0) {
            out.add(st.errors.get() + " connection errors");
        }
        return String.join(", ", out);
    }
}
