package dev.keyward.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bench/run --mail}: the relay's throughput with 10 projects, each on its own SMTP sink,
 * next to one project on one sink, in the same run. Each round queues a backlog of reset mails
 * while the sinks answer nothing, then opens them and times the relay draining it; the two cases
 * alternate which goes first.
 */
final class MailBench {
    private static final int PROJECTS = 10;

    /** A project, the sink its mail goes to, and the next seeded address it has not used. */
    private record Tenant(String projectId, SmtpSink sink, AtomicInteger next) { }

    private final Settings s;
    private final Load load;
    private final Setup setup;
    private final String adminToken;
    private final String oldHash;
    private final Figures figures = new Figures();

    MailBench(Settings settings, Load load, Setup setup, String adminToken, String oldHash) {
        this.s = settings;
        this.load = load;
        this.setup = setup;
        this.adminToken = adminToken;
        this.oldHash = oldHash;
    }

    private int burst() {
        return s.quick() ? 200 : 2000;
    }

    /** Measures every round and returns the table. */
    String run() throws Exception {
        int perProject = burst() * (s.rounds() + 1);
        List<SmtpSink> sinks = new ArrayList<>();
        try {
            List<Tenant> one = List.of(tenant(sinks, perProject));
            List<Tenant> ten = new ArrayList<>();
            for (int i = 0; i < PROJECTS; i++) {
                ten.add(tenant(sinks, perProject / PROJECTS));
            }
            Log.log("mail: seeded %d projects, warming up", PROJECTS + 1);
            drain(one, burst() / 2, "warm");
            drain(ten, burst() / 2, "warm");
            for (int r = 1; r <= s.rounds(); r++) {
                Log.log("mail: round %d of %d", r, s.rounds());
                boolean oneFirst = r % 2 == 1;
                drain(oneFirst ? one : ten, burst(), oneFirst ? "one" : "ten");
                drain(oneFirst ? ten : one, burst(), oneFirst ? "ten" : "one");
            }
        } finally {
            for (SmtpSink sink : sinks) {
                sink.close();
            }
        }
        return report();
    }

    /** A project with its own sink as its SMTP server and {@code users} seeded users. */
    private Tenant tenant(List<SmtpSink> sinks, int users) throws Exception {
        SmtpSink sink = new SmtpSink(Main.CODE_LENGTH);
        sinks.add(sink);
        String projectId = setup.createProject(Main.CODE_LENGTH);
        try (Conn c = load.connect()) {
            c.request("PUT", "/api/admin/projects/" + projectId + "/smtp", "{\"host\":\"127.0.0.1\",\"port\":" + sink.port()
                    + ",\"security\":\"none\",\"fromAddress\":\"bench@bench.test\"}",
                    "Authorization: Bearer " + adminToken).require(200, "set the project's SMTP server");
        }
        setup.seed(projectId, users, oldHash);
        return new Tenant(projectId, sink, new AtomicInteger());
    }

    /**
     * Holds the tenants' sinks (they answer nothing), sends {@code n} reset requests spread evenly
     * over the tenants on 8 connections, then opens the sinks and times the relay draining the whole
     * backlog: the relay alone, however fast this machine takes requests.
     */
    private void drain(List<Tenant> tenants, int n, String key) throws Exception {
        List<String[]> targets = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Tenant t = tenants.get(i % tenants.size());
            targets.add(new String[] {Integer.toString(i % tenants.size()), Addresses.known(t.next().getAndIncrement())});
        }
        tenants.forEach(t -> t.sink().hold());
        AtomicInteger cursor = new AtomicInteger();
        long conns0 = tenants.stream().mapToLong(t -> t.sink().connections()).sum();
        long start = System.nanoTime();
        try {
            load.parallel(8, conn -> {
                int k;
                while ((k = cursor.getAndIncrement()) < targets.size()) {
                    String[] target = targets.get(k);
                    new ResetApi(tenants.get(Integer.parseInt(target[0])).projectId()).request(conn, target[1])
                            .require(200, "password-reset");
                }
            });
        } finally {
            tenants.forEach(t -> t.sink().open());
        }
        long opened = System.nanoTime();
        long end = opened + 180_000_000_000L;
        long last = 0;
        List<Long> sinceOpen = new ArrayList<>();
        for (String[] target : targets) {
            SmtpSink sink = tenants.get(Integer.parseInt(target[0])).sink();
            while (!sink.hasMail(target[1])) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException("mail for " + target[1] + " not delivered within 180 s");
                }
                Thread.sleep(5);
            }
            last = Math.max(last, sink.mail(target[1]).at());
            sinceOpen.add(sink.mail(target[1]).at() - opened);
        }
        if (key.equals("warm")) {
            return;
        }
        double rate = n / ((last - opened) / 1e9);
        double[] p = Percentiles.millis(sinceOpen, 50, 99);
        long conns = tenants.stream().mapToLong(t -> t.sink().connections()).sum() - conns0;
        figures.put(key + ".rate", rate);
        figures.put(key + ".requests", n / ((opened - start) / 1e9));
        figures.put(key + ".p50", p[0]);
        figures.put(key + ".p99", p[1]);
        figures.put(key + ".connections", conns);
        Log.log("  %s: %d mails queued at %.0f requests/s, drained at %.0f mails/s (half by %.0f ms, 99%% by %.0f ms),"
                + " %d SMTP connections", key, n, n / ((opened - start) / 1e9), rate, p[0], p[1], conns);
    }

    private String report() {
        Table table = new Table();
        for (String key : new String[] {"one", "ten"}) {
            String who = key.equals("one") ? "1 project on 1 SMTP sink" : PROJECTS + " projects on " + PROJECTS + " SMTP sinks";
            String ratio = key.equals("ten") ? ratio("ten.rate", "one.rate") : "";
            table.add("relay draining " + burst() + " mails, " + who, fmt(key + ".rate") + " mails/s", rounds(key + ".rate"),
                    ratio, "");
            table.add("  half of them delivered after", fmt(key + ".p50") + " ms", rounds(key + ".p50"), "", "");
            table.add("  99 % of them delivered after", fmt(key + ".p99") + " ms", rounds(key + ".p99"), "", "");
            table.add("  SMTP connections opened", fmt(key + ".connections"), rounds(key + ".connections"), "", "");
            table.add("  reset requests that queued them", fmt(key + ".requests") + " /s", rounds(key + ".requests"), "", "");
        }
        return String.format(Locale.ROOT, "Keyward mail relay benchmark (%s: %d round%s of %d-mail bursts, %d cores)%n",
                s.quick() ? "quick" : "full", s.rounds(), s.rounds() == 1 ? "" : "s", burst(),
                Runtime.getRuntime().availableProcessors())
                + table.render("figure", "median", s.rounds() == 1 ? "round" : "rounds", "ratio", "target");
    }

    /** Median of each round's own ratio: a case is compared with the one that ran next to it. */
    private String ratio(String a, String b) {
        List<Double> x = figures.get(a);
        List<Double> y = figures.get(b);
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
            r.add(x.get(i) / y.get(i));
        }
        figures.set(a + "/" + b, r);
        return Report.fmt(Percentiles.median(r)) + " x one sink" + (r.size() > 1 ? " (" + rounds(a + "/" + b) + ")" : "");
    }

    private String fmt(String key) {
        return Report.fmt(Percentiles.median(figures.get(key)));
    }

    private String rounds(String key) {
        List<String> out = new ArrayList<>();
        for (double d : figures.get(key)) {
            out.add(Report.fmt(d));
        }
        return String.join(" / ", out);
    }
}
