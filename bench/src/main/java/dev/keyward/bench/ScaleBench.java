package dev.keyward.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * bench/run --scale: the usual reset phases on a 12,000-user project (the baseline), then again
 * after seeding 1,000,000 users over 1,000 projects and 5,000,000 old codes, against the large
 * project and a small one, in the same invocation; the plans of the hot statements; and the
 * janitor's work on the old rows. See bench/README.md, "At scale".
 */
final class ScaleBench {
    /** Sizes of one --scale run ({@code quick}: a tiny one, to try the harness). */
    record Sizes(int baselineUsers, int projects, int largeUsers, int smallUsers, int largeSample, long codes,
                 long outbox, double phase, double bPhase, double warmup, double projectWarmup, int wrongTargets) {
        static Sizes of(boolean quick) {
            return quick ? new Sizes(400, 20, 5_000 - 19 * 100, 100, 300, 50_000, 10_000, 1.5, 1, 3, 1.5, 40)
                    : new Sizes(12_000, 1_000, 1_000_000 - 999 * 700, 700, 2_000, 5_000_000, 1_000_000, 10, 4, 90, 6, 200);
        }

        int users() {
            return largeUsers + (projects - 1) * smallUsers;
        }
    }

    /** The large project's users (their own addresses: the SMTP sink keeps one mail per address). */
    static String largeUser(int k) {
        return "l.user" + k + "@bench.test";
    }

    /** The measured small project's users. */
    static String smallUser(int k) {
        return "s.user" + k + "@bench.test";
    }

    /** The other small projects' users. */
    static String otherUser(int p, int k) {
        return "p" + p + ".user" + k + "@bench.test";
    }

    /** One measured project: its id, its addresses and the label of its column. */
    record Target(String label, String projectId, Addresses addresses, Figures figures) { }

    private final Sizes z;
    private final Settings s;
    private final Path work;
    private final int http;
    private final String token;
    private final String oldHash;
    private final SmtpSink sink;
    private final CpuSampler cpu;
    private final Load load;
    private final Setup setup;
    private final Psql psql;
    private final String database;
    private final Map<String, String> counts = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private boolean missing;

    /** True once {@link #run()} found a figure that could not be measured (a rate of 0 or n/a, no plans). */
    boolean missing() {
        return missing;
    }

    ScaleBench(boolean quick, Path work, int http, String token, String oldHash, SmtpSink sink) {
        this.z = Sizes.of(quick);
        this.s = new Settings(quick, 1, z.warmup(), z.phase(), z.bPhase(), z.baselineUsers(), 0, 64);
        this.work = work;
        this.http = http;
        this.token = token;
        this.oldHash = oldHash;
        this.sink = sink;
        this.cpu = new CpuSampler(work.resolve("server.pid"));
        this.load = new Load(http, cpu, new Figures());
        this.setup = new Setup(http, token, load);
        this.database = System.getenv("KEYWARD_BENCH_DB");
        this.psql = new Psql(database);
    }

    /** Runs everything and returns the report. */
    String run() throws Exception {
        long started = System.nanoTime();
        setup.waitForServer(60);
        String base = setup.createProject(Main.CODE_LENGTH);
        long t = System.nanoTime();
        setup.seed(base, z.baselineUsers(), oldHash);
        Log.log("scale: baseline project, %d users imported in %.1f s", z.baselineUsers(), Log.secs(t));
        Target baseline = new Target("baseline", base, new Addresses(0, z.baselineUsers(), "nobody"), new Figures());
        warmUp(baseline, z.warmup());
        measure(List.of(baseline));

        t = System.nanoTime();
        ScaleSeed seed = new ScaleSeed(psql, load, token);
        String[] targets = seedScale(seed, base);
        double seedSecs = Log.secs(t);
        Log.log("scale: seeded in %.0f s (%s)", seedSecs, seed.timings);

        Target large = new Target("large", targets[0], new Addresses(z.largeSample(), z.largeUsers(), "nobody-large",
                ScaleBench::largeUser), new Figures());
        Target small = new Target("small", targets[1], new Addresses(0, z.smallUsers(), "nobody-small",
                ScaleBench::smallUser), new Figures());
        // The baseline project again, after seeding, interleaved with the large and the small one:
        // the same machine load for all three (the box is shared), and what the big database around
        // it costs a project that did not grow.
        Target again = new Target("baseline after seeding", base, new Addresses(baseline.addresses().knownNext(),
                z.baselineUsers(), "nobody-again"), new Figures());
        count("start of the measured phases");
        long phasesStart = System.currentTimeMillis();
        for (Target each : List.of(again, large, small)) {
            warmUp(each, z.projectWarmup());
        }
        measure(List.of(again, large, small));
        count("end of the measured phases");

        List<SqlPlans.Plan> plans = plans(large);
        count("after the SQL sample");
        List<String> janitorLines = janitorLog(phasesStart);
        return report(baseline, again, large, small, plans, janitorLines, seed.timings, seedSecs, Log.secs(started));
    }

    /** Projects, users, codes and outbox rows; returns {large project id, small project id}. */
    private String[] seedScale(ScaleSeed seed, String base) throws Exception {
        long now = System.currentTimeMillis();
        String large = setup.createProject(Main.CODE_LENGTH);
        String small = setup.createProject(Main.CODE_LENGTH);
        long t = System.nanoTime();
        List<String> others = seed.createProjects(z.projects() - 2, "scale-");
        seed.timings.put("projects via API", (System.nanoTime() - t) / 1_000_000);
        List<String> projects = new ArrayList<>(List.of(large, small));
        projects.addAll(others);

        t = System.nanoTime();
        seed.importUsers(large, z.largeSample(), ScaleBench::largeUser, oldHash);
        seed.importUsers(small, z.smallUsers(), ScaleBench::smallUser, oldHash);
        seed.timings.put("user sample via import API", (System.nanoTime() - t) / 1_000_000);
        ScaleSeed.Template user = seed.template("users", "project_id = '" + large + "' AND email_key = '"
                + ScaleSeed.key(largeUser(0)) + "'");
        List<ScaleSeed.UserRange> ranges = new ArrayList<>();
        ranges.add(new ScaleSeed.UserRange(0, large, z.largeSample(), z.largeUsers(), ScaleBench::largeUser));
        for (int p = 2; p < projects.size(); p++) {
            int pi = p;
            ranges.add(new ScaleSeed.UserRange(p, projects.get(p), 0, z.smallUsers(), k -> otherUser(pi, k)));
        }
        seed.withIndexesRebuilt("users", () -> seed.copyUsers(user, ranges, now));

        Map<String, String> largeSample = seed.userIds(large);
        Map<String, String> smallIds = seed.userIds(small);
        ScaleSeed.CodeOwner owners = r -> {
            boolean isLarge = r.nextDouble() < 0.3;
            int p = isLarge ? 0 : 1 + r.nextInt(projects.size() - 1);
            if (r.nextDouble() < 0.25) {
                return new String[] {projects.get(p), "gone" + r.nextInt(1 << 30) + "@unknown.test", null};
            }
            if (p == 0) {
                int k = r.nextInt(z.largeUsers());
                String key = ScaleSeed.key(largeUser(k));
                return new String[] {large, key, k < z.largeSample() ? largeSample.get(key) : ScaleSeed.userId(0, k)};
            }
            int k = r.nextInt(z.smallUsers());
            if (p == 1) {
                String key = ScaleSeed.key(smallUser(k));
                return new String[] {small, key, smallIds.get(key)};
            }
            return new String[] {projects.get(p), ScaleSeed.key(otherUser(p, k)), ScaleSeed.userId(p, k)};
        };
        ScaleSeed.Template code = seed.template("otp_codes", "project_id = '" + base
                + "' AND consumed_at IS NOT NULL AND user_id IS NOT NULL AND purpose = 'reset'");
        seed.withIndexesRebuilt("otp_codes", () -> seed.copyCodes(code, z.codes(), 0.6, now, owners));
        long maxCode = Long.parseLong(psql.query("SELECT max(id) FROM otp_codes"));
        ScaleSeed.Template sent = seed.template("outbox", "project_id = '" + base + "' AND status = 'sent'");
        ScaleSeed.Template voided = seed.template("outbox", "project_id = '" + base + "' AND status = 'void'");
        seed.withIndexesRebuilt("outbox", () -> seed.copyOutbox(sent, voided, z.outbox(), 0.5, now, maxCode, owners));
        count("seeded (before VACUUM ANALYZE)");

        t = System.nanoTime();
        psql.query("VACUUM ANALYZE projects, users, otp_codes, outbox, otp_limits, audit_events");
        // Seeding wrote gigabytes of WAL in a minute, which no real database does: its checkpoint
        // is taken now, not by PostgreSQL in the middle of the measured phases.
        psql.query("CHECKPOINT");
        seed.timings.put("VACUUM ANALYZE + CHECKPOINT", (System.nanoTime() - t) / 1_000_000);
        checkShapes(seed, large, base);
        return new String[] {large, small};
    }

    /** A copied user and code next to server-written ones: only per-row values may differ. */
    private void checkShapes(ScaleSeed seed, String large, String base) throws Exception {
        ScaleSeed.Template apiUser = seed.template("users", "project_id = '" + large + "' AND email_key = '"
                + ScaleSeed.key(largeUser(1)) + "'");
        ScaleSeed.Template copiedUser = seed.template("users", "project_id = '" + large + "' AND email_key = '"
                + ScaleSeed.key(largeUser(z.largeSample() + 1)) + "'");
        List<String> du = ScaleSeed.shapeDifferences(apiUser, copiedUser,
                List.of("id", "email", "email_key", "created_at", "updated_at"));
        if (!ScaleSeed.key(apiUser.get("email")).equals(apiUser.get("email_key"))) {
            du.add("the server's email_key '" + apiUser.get("email_key") + "' is not key(email) '"
                    + ScaleSeed.key(apiUser.get("email")) + "'");
        }
        ScaleSeed.Template apiCode = seed.template("otp_codes", "project_id = '" + base
                + "' AND consumed_at IS NOT NULL AND user_id IS NOT NULL AND purpose = 'reset'");
        ScaleSeed.Template copiedCode = seed.template("otp_codes", "project_id <> '" + base
                + "' AND consumed_at IS NOT NULL AND user_id IS NOT NULL AND purpose = 'reset'");
        List<String> dc = ScaleSeed.shapeDifferences(apiCode, copiedCode, List.of("id", "project_id", "email_key",
                "user_id", "mac", "created_at", "expires_at", "consumed_at", "attempts"));
        notes.add("shape check, a COPYed user against one the import API wrote: "
                + (du.isEmpty() ? "same columns and values except id, email, email_key, created_at, updated_at "
                + "(same shapes there), email_key = lower(email) as the server keys them" : "DIFFERS: " + du));
        notes.add("shape check, a COPYed consumed code against one the server wrote: "
                + (dc.isEmpty() ? "same except per-row values (ids, address, mac of the same length and alphabet, times, attempts)"
                : "DIFFERS: " + dc));
    }

    private void count(String when) throws Exception {
        long now = System.currentTimeMillis();
        counts.put(when, psql.query("SELECT (SELECT count(*) FROM otp_codes) || '|' || (SELECT count(*) FROM otp_codes "
                + "WHERE expires_at < " + (now - ScaleSeed.DAY) + ") || '|' || (SELECT count(*) FROM outbox) || '|' || "
                + "(SELECT count(*) FROM outbox WHERE created_at < " + (now - 7 * ScaleSeed.DAY) + " AND status <> 'pending')"));
        Log.log("scale: otp_codes / outbox %s: %s", when, counts.get(when));
    }

    private Phases phases(Target t) {
        return new Phases(s, new Load(http, cpu, t.figures()), new ResetApi(t.projectId()), t.addresses(), sink,
                t.figures());
    }

    private Relay relay(Target t) {
        return new Relay(s, new Load(http, cpu, t.figures()), new ResetApi(t.projectId()), t.addresses(), sink,
                t.figures());
    }

    private void warmUp(Target t, double seconds) throws Exception {
        Phases ph = phases(t);
        Relay relay = relay(t);
        ConcurrentLinkedQueue<String[]> codes = relay.feed(s.quick() ? 10 : 40);
        Stats requests = ph.requestUnknown(8, seconds / 3);
        ph.confirm(4, seconds / 3, codes);
        ph.confirmUnknown(4, seconds / 3);
        // The open loop's 64 connections, and the queue a late reply leaves, run code no closed loop does.
        ph.openLoopStats(0.7 * requests.rate(200), Math.min(10, seconds / 6));
        new Pgbench(work, System.getenv().getOrDefault("KEYWARD_BENCH_PGUSER", "postgres"), database, t.projectId(), cpu,
                t.figures()).run(4, 1);
        relay.drain(30);
    }

    /** Slices per interleaved phase after seeding (each project gets the same time in each). */
    static final int SLICES = 3;

    /** A phase of {@code seconds} as one slice per target, in {@code order}; the slices of each target merged. */
    interface Slice {
        Stats run(Target t, double seconds) throws Exception;
    }

    /**
     * Runs {@code phase} for each target in {@link #SLICES} slices, the order rotating (A B C, B C A,
     * C A B), so a change in the machine's background load lands on every target alike; returns
     * each target's merged figures, in the targets' order.
     */
    static List<Stats> interleaved(List<Target> targets, double seconds, Slice phase) throws Exception {
        List<Stats> merged = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            merged.add(new Stats());
        }
        int slices = targets.size() == 1 ? 1 : SLICES;
        for (int r = 0; r < slices; r++) {
            for (int k = 0; k < targets.size(); k++) {
                int i = (k + r) % targets.size();
                merged.get(i).merge(phase.run(targets.get(i), seconds / slices));
            }
        }
        return merged;
    }

    /**
     * One round of the usual phases against each target, the same durations for each; with
     * several targets every phase is interleaved ({@link #interleaved}).
     */
    private void measure(List<Target> ts) throws Exception {
        List<String> labels = ts.stream().map(Target::label).toList();
        Log.log("scale: measuring %s", labels);
        String from = java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0).toString();
        Map<Target, Phases> ph = new LinkedHashMap<>();
        Map<Target, Relay> relays = new LinkedHashMap<>();
        for (Target t : ts) {
            ph.put(t, phases(t));
            relays.put(t, relay(t));
        }
        Relay anyRelay = relays.get(ts.get(0));
        List<Stats> qs = interleaved(ts, s.phase(), (t, secs) -> ph.get(t).requestUnknown(8, secs));
        for (int i = 0; i < ts.size(); i++) {
            Figures f = ts.get(i).figures();
            Stats q = qs.get(i);
            f.put("R8", q.rate(200));
            f.put("R8.p99", q.pct(200, 99));
            f.putCpu("R8", q, 200);
            Stats d = new Pgbench(work, System.getenv().getOrDefault("KEYWARD_BENCH_PGUSER", "postgres"), database,
                    ts.get(i).projectId(), cpu, f).run(8, Math.max(2, s.phase() / ts.size()));
            f.put("D8", d.rate(200));
            f.putCpu("D8", d, 200);
            Log.log("  %s: request-OTP 8 conns %.0f/s p99 %.1f ms, D %.0f tps", ts.get(i).label(), q.rate(200),
                    q.pct(200, 99), d.rate(200));
        }
        anyRelay.drain(10);
        // Open loop at 0.7 x each project's own closed-loop rate just measured.
        List<Stats> ols = interleaved(ts, s.phase(), (t, secs) -> {
            Stats st = ph.get(t).openLoopStats(0.7 * one(t, "R8"), secs);
            anyRelay.drain(10);
            return st;
        });
        for (int i = 0; i < ts.size(); i++) {
            Target t = ts.get(i);
            OpenLoop.Result ol = OpenLoop.result(0.7 * one(t, "R8"), ols.get(i));
            Figures f = t.figures();
            f.put("OL.target", ol.targetRate());
            f.put("OL.rate", ol.achievedRate());
            f.put("OL.p50", ol.p50());
            f.put("OL.p99", ol.p99());
            f.put("OL.p999", ol.p999());
            f.put("OL.n", ol.sent());
            f.put("OL.other", ol.other());
            OpenLoop.putLateness(f, "OL", ols.get(i));
            Log.log("  %s: open loop at %.0f/s: achieved %.0f/s, p50 %.1f p99 %.1f p99.9 %.1f ms, %d sent", t.label(),
                    ol.targetRate(), ol.achievedRate(), ol.p50(), ol.p99(), ol.p999(), ol.sent());
        }
        double b = Bcrypt.rate(s.bPhase());
        Map<Target, ConcurrentLinkedQueue<String[]>> codes = new LinkedHashMap<>();
        Map<Target, List<String>> wrong = new LinkedHashMap<>();
        for (Target t : ts) {
            t.figures().put("B", b);
            // B on this shared box swings; never fewer codes than 25 confirms/s would use.
            int need = (int) Math.ceil(Math.max(b, 25) * s.phase() * 1.5) + 50 + z.wrongTargets();
            ConcurrentLinkedQueue<String[]> q = relays.get(t).feed(need);
            List<String> w = new ArrayList<>();
            for (int i = 0; i < z.wrongTargets() && !q.isEmpty(); i++) {
                w.add(q.poll()[0]);
            }
            codes.put(t, q);
            wrong.put(t, w);
        }
        List<Stats> ws = interleaved(ts, s.phase(), (t, secs) -> ph.get(t).wrongCodes(8, secs, wrong.get(t)));
        List<Stats> cs = interleaved(ts, s.phase(), (t, secs) -> {
            Stats st = ph.get(t).confirm(8, secs, codes.get(t));
            anyRelay.drain(10);
            return st;
        });
        for (int i = 0; i < ts.size(); i++) {
            Figures f = ts.get(i).figures();
            Stats w = ws.get(i);
            f.put("W", w.rate(400));
            f.put("W.p99", w.pct(400, 99));
            f.put("W.other", w.total() - w.count(400));
            f.putCpu("W", w, 400);
            Stats c = cs.get(i);
            f.put("C8", c.rate(200));
            f.put("C8.p99", c.pct(200, 99));
            f.put("C8.503", c.count(503));
            f.putCpu("C8", c, 200);
            Log.log("  %s: wrong-code %.0f/s, confirm 8 clients %.1f/s (B %.1f)", ts.get(i).label(), w.rate(400),
                    c.rate(200), b);
        }
        notes.add(String.join(", ", labels) + ": measured phases ran " + from + "-"
                + java.time.LocalTime.now(java.time.ZoneOffset.UTC).withNano(0) + " UTC"
                + (ts.size() > 1 ? ", each phase in " + SLICES + " interleaved slices" : ""));
        anyRelay.drain(30);
    }

    /** The hot statements as the server sent them for the large project, and their plans. */
    private List<SqlPlans.Plan> plans(Target t) throws Exception {
        SqlPlans sql = new SqlPlans(psql, database);
        ResetApi api = new ResetApi(t.projectId());
        Relay relay = relay(t);
        List<String[]> codes = new ArrayList<>();
        Map<String, SqlPlans.Step> steps = new LinkedHashMap<>();
        try (Conn c = load.connect()) {
            steps.put("request-OTP", () -> {
                for (int i = 0; i < 6; i++) {
                    api.request(c, t.addresses().nextUnknown());
                }
                codes.addAll(relay.feed(12));
            });
            steps.put("wrong-code confirm", () -> {
                for (int i = 0; i < 6; i++) {
                    api.confirm(c, codes.get(i)[0], "00000000".equals(codes.get(i)[1]) ? "11111111" : "00000000");
                }
            });
            steps.put("confirm", () -> {
                for (int i = 0; i < 6; i++) {
                    api.confirm(c, codes.get(i)[0], codes.get(i)[1]);
                }
                relay.drain(5);
            });
            steps.put("login", () -> {
                for (int i = 0; i < 6; i++) {
                    c.post("/api/auth/local/login", "{\"email\":\"" + t.addresses().nextKnown()
                            + "\",\"password\":\"bench-old-password\",\"projectId\":\"" + t.projectId() + "\"}");
                }
            });
            // Until the janitor's next run has been logged too (it runs every 30 s in --scale).
            List<SqlPlans.Statement> statements = sql.capture(steps, s.quick() ? 35 : 35, "DELETE FROM outbox");
            Log.log("scale: %d distinct statements captured; explaining", statements.size());
            return sql.explain(statements);
        } catch (Exception e) {
            notes.add("the SQL sample or its plans failed: " + e);
            Log.log("scale: plans failed: %s", e);
            return List.of();
        }
    }

    /** The janitor's lines in the server's log since the measured phases started. */
    private List<String> janitorLog(long sinceMillis) {
        List<String> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(work.resolve("server.log"))) {
                if (line.contains("Janitor") || line.contains("purged {")) {
                    out.add(line.strip());
                }
            }
        } catch (Exception e) {
            out.add("(server log not readable: " + e + ")");
        }
        return out;
    }

    // ---------------------------------------------------------------- report

    private String report(Target base, Target again, Target large, Target small, List<SqlPlans.Plan> plans,
                          List<String> janitor, Map<String, Long> timings, double seedSecs, double totalSecs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Keyward at scale (%s: %,d users over %,d projects + the %,d-user baseline "
                        + "project, %,d old codes, %,d old outbox rows; %.1f s phases; %d cores)%n",
                s.quick() ? "scale, quick" : "scale", z.users(), z.projects(), z.baselineUsers(), z.codes(), z.outbox(),
                s.phase(), Runtime.getRuntime().availableProcessors()));
        out.append("PostgreSQL ").append(psql.settings()).append('\n');
        List<Target> cols = List.of(base, again, large, small);
        for (Target t : cols) {
            for (String key : List.of("R8", "W", "C8", "OL.rate")) {
                if (!(one(t, key) > 0)) {
                    missing = true;
                    notes.add(t.label() + ": " + key + " could not be measured (server gone?)");
                }
            }
        }
        missing |= plans.isEmpty();
        Table table = new Table();
        String[][] rows = {
            {"request-OTP, 8 conns", "R8", "/s"}, {"  request-OTP p99", "R8.p99", "ms"},
            {"  D: pgbench reset SQL, 8 clients", "D8", "tps"}, {"  request-OTP / D", "R8/D8", ""},
            {"  CPU core-ms per request-OTP", "R8.cpu", "ms"}, {"    server", "R8.cpu.server", "ms"},
            {"    other (PostgreSQL, kernel, ...)", "R8.cpu.rest", "ms"},
            {"request-OTP open loop, target rate (0.7 x)", "OL.target", "/s"}, {"  achieved rate", "OL.rate", "/s"},
            {"  p50 from scheduled start", "OL.p50", "ms"}, {"  p99 from scheduled start", "OL.p99", "ms"},
            {"  p99.9 from scheduled start", "OL.p999", "ms"}, {"  requests sent", "OL.n", "-"},
            {"  CPU core-ms per open-loop request", "OL.cpu", "ms"}, {"    server", "OL.cpu.server", "ms"},
            {"    other (PostgreSQL, kernel, ...)", "OL.cpu.rest", "ms"},
            {"  replies over 20 ms late", "OL.late", "-"},
            {"    backends waiting on the WAL flush, late tenths", "OL.walLate", "%"},
            {"    the same, in the other tenths", "OL.walOther", "%"},
            {"    WAL written, late tenths", "OL.walMbLate", "MB/s"},
            {"    the same, in the other tenths", "OL.walMbOther", "MB/s"},
            {"    checkpoints started during the phase", "OL.checkpoints", "-"},
            {"    kernel memory monitor (kdamond) passes", "OL.kscans", "/s"},
            {"      CPU per pass", "OL.kscanCpu", "ms"},
            {"    late replies due near a pass (" + KernelScans.window() + ")", "OL.lateInScan", "%"},
            {"      the phase's time in those windows", "OL.scanCover", "%"},
            {"    p99 of the replies due outside those windows", "OL.p99Outside", "ms"},
            {"wrong-code confirm, 8 clients", "W", "/s"}, {"  wrong-code p99", "W.p99", "ms"},
            {"  CPU core-ms per wrong-code confirm", "W.cpu", "ms"},
            {"confirm (valid code), 8 clients", "C8", "/s"}, {"  B: bcrypt cost 10, all cores", "B", "hashes/s"},
            {"  confirm / B", "C8/B", ""}, {"  confirm p99", "C8.p99", "ms"},
        };
        for (String[] r : rows) {
            String[] cells = new String[5];
            cells[0] = r[0];
            for (int i = 0; i < cols.size(); i++) {
                double v = value(cols.get(i), r[1]);
                cells[i + 1] = r[2].isEmpty() ? String.format(Locale.ROOT, "%.2f", v)
                        : r[2].equals("-") ? Report.fmt(v) : Report.fmt(v) + " " + r[2];
            }
            table.add(cells);
        }
        out.append(table.render("figure", "baseline (" + z.baselineUsers() + " users, before seeding)",
                "baseline project after seeding", "large project (" + z.largeUsers() + " users)",
                "small project (" + z.smallUsers() + " users)"));

        out.append("\nTargets: each rate within 10 % of the baseline's (ratio to the baseline before seeding, as the issue "
                + "asks; and to the baseline project measured after seeding in slices interleaved with the large and "
                + "small ones, the same machine load for all three); open-loop p99 <= 20 ms\n");
        Table targets = new Table();
        for (String[] r : new String[][] {{"request-OTP, 8 conns", "R8"}, {"wrong-code confirm, 8 clients", "W"},
                {"confirm (valid code), 8 clients", "C8"}}) {
            targets.add(r[0], ratio(large, base, r[1]), ratio(small, base, r[1]), ratio(large, again, r[1]),
                    ratio(small, again, r[1]));
        }
        List<String> p99 = new ArrayList<>();
        for (Target t : cols) {
            double v = one(t, "OL.p99");
            p99.add(Report.fmt(v) + " ms: " + (v <= 20 ? "met" : "MISSED"));
        }
        targets.add("open-loop p99 (baseline / after / large / small)", String.join(", ", p99.subList(0, 2)),
                String.join(", ", p99.subList(2, 4)), "", "");
        out.append(targets.render("figure", "large / baseline", "small / baseline", "large / baseline after seeding",
                "small / baseline after seeding"));

        out.append(String.format(Locale.ROOT, "%nSeeding (%.0f s): ", seedSecs));
        List<String> parts = new ArrayList<>();
        timings.forEach((k, v) -> parts.add(k + " " + String.format(Locale.ROOT, "%.1f s", v / 1000.0)));
        out.append(String.join(", ", parts)).append('\n');

        out.append("\nJanitor (every 30 s in --scale; purges codes expired over a day ago, outbox rows done over 7 days ago)\n");
        Table j = new Table();
        counts.forEach((k, v) -> {
            String[] c = v.split("\\|");
            j.add(k, String.format(Locale.ROOT, "%,d", Long.parseLong(c[0])), String.format(Locale.ROOT, "%,d", Long.parseLong(c[1])),
                    String.format(Locale.ROOT, "%,d", Long.parseLong(c[2])), String.format(Locale.ROOT, "%,d", Long.parseLong(c[3])));
        });
        out.append(j.render("when", "otp_codes rows", "of them purgeable", "outbox rows", "of them purgeable"));
        for (String line : janitor) {
            out.append("  ").append(line).append('\n');
        }

        out.append(String.format(Locale.ROOT, "%nPlans of the hot statements against the large project (the SQL the server "
                + "logged during a sample of each call; generic plan, EXPLAIN (ANALYZE, BUFFERS), rolled back; "
                + "bound: no Seq Scan on a table over %,d rows, at most %d shared buffers hit+read per execution)%n",
                SqlPlans.LARGE_TABLE, SqlPlans.BUFFER_BOUND));
        Table pt = new Table();
        int missed = 0;
        int hot = 0;
        int janitorMissed = 0;
        int n = 0;
        StringBuilder detail = new StringBuilder();
        for (SqlPlans.Plan p : plans) {
            n++;
            String sqlLine = p.statement().sql().replaceAll("\\s+", " ");
            String index = String.join(", ", p.nodes().stream()
                    .filter(x -> x.contains(" using ")).map(x -> x.replaceAll("^.* using (\\S+).*$", "$1")).distinct().toList());
            String verdict = p.error() != null ? "MISSED: " + p.error()
                    : !p.seqScans().isEmpty() ? "MISSED: Seq Scan on " + String.join(", ", p.seqScans())
                    : p.janitor() ? "met (janitor batch: index, no bound on buffers)"
                    : p.buffers() <= SqlPlans.BUFFER_BOUND ? "met" : "MISSED: " + p.buffers() + " buffers";
            if (p.janitor()) {
                janitorMissed += p.ok() ? 0 : 1;
            } else {
                hot++;
                missed += p.ok() ? 0 : 1;
            }
            pt.add("#" + n + " " + p.statement().step() + (p.janitor() ? " (janitor)" : ""),
                    sqlLine.length() > 70 ? sqlLine.substring(0, 67) + "..." : sqlLine,
                    index.isEmpty() ? "-" : index, String.valueOf(p.buffers()), verdict);
            detail.append("#").append(n).append(' ').append(sqlLine).append('\n');
            for (String node : p.nodes()) {
                detail.append("    ").append(node).append('\n');
            }
        }
        out.append(pt.render("statement", "SQL", "indexes", "buffers", "verdict"));
        out.append(String.format(Locale.ROOT, "hot statements: %d, %d within the bound, %d missed%s; janitor statements: %d,"
                        + " %d with a Seq Scan of a large table%n", hot, hot - missed, missed,
                plans.isEmpty() ? " (no plans: see the notes)" : "", plans.size() - hot, janitorMissed));
        out.append("\nCondensed plans (node, index, shared buffers hit+read):\n").append(detail);
        for (String note : notes) {
            out.append("note: ").append(note).append('\n');
        }
        for (Target t : List.of(base, large, small)) {
            for (String note : t.figures().notes()) {
                out.append("note (").append(t.label()).append("): ").append(note).append('\n');
            }
        }
        out.append(String.format(Locale.ROOT, "(the whole --scale run took %.0f s)%n", totalSecs));
        return out.toString();
    }

    private static double one(Target t, String key) {
        List<Double> v = t.figures().get(key);
        return v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }

    /** A figure, or "a/b" the ratio of two. */
    private static double value(Target t, String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? one(t, key) : one(t, key.substring(0, slash)) / one(t, key.substring(slash + 1));
    }

    /** "0.97 x: met" when within 10 %. */
    private static String ratio(Target a, Target b, String key) {
        double r = one(a, key) / one(b, key);
        return String.format(Locale.ROOT, "%.2f x: %s", r, Math.abs(r - 1) <= 0.10 ? "met" : "MISSED");
    }
}
