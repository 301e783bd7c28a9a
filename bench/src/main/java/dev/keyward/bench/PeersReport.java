package dev.keyward.bench;

import java.util.List;
import java.util.Locale;

/**
 * The table {@code bench/run --peers} prints: each figure for Keyward and for Keycloak, and
 * Keyward's value divided by Keycloak's (every row the same way round; the row says whether
 * higher or lower is better, and the ratio cell which side that favours); then the notes.
 */
final class PeersReport {
    /** One row: figures {@code kw.<key>} and {@code kc.<key>}; better: +1 higher, -1 lower, 0 neither. */
    private record Row(String label, String key, String unit, int better) { }

    private static final List<Row> ROWS = List.of(
            new Row("password logins/s, 8 clients (higher is better)", "login", " /s", 1),
            new Row("  login p50 (lower is better)", "login.p50", " ms", -1),
            new Row("  login p99 (lower is better)", "login.p99", " ms", -1),
            new Row("  server CPU core-ms per login (lower is better)", "login.cpu", " ms", -1),
            new Row("  cores busy with anything else meanwhile", "login.rest", "", 0),
            new Row("reset emails requested/s, 8 clients (higher is better)", "reset", " /s", 1),
            new Row("  request p50 (lower is better)", "reset.p50", " ms", -1),
            new Row("  request p99 (lower is better)", "reset.p99", " ms", -1),
            new Row("reset emails delivered/s (higher is better)", "delivered", " /s", 1),
            new Row("  server CPU core-ms per reset email, request + send (lower is better)", "reset.cpu", " ms", -1),
            new Row("  cores busy with anything else meanwhile", "reset.rest", "", 0),
            new Row("start to ready (lower is better)", "ready", " s", -1),
            new Row("idle RSS, 10 s after ready (lower is better)", "rss", " MB", -1),
            new Row("RSS after the workloads (lower is better)", "rss.after", " MB", -1));

    private final Figures figures;
    private final String keycloakVersion;
    private final String keywardStart;
    private final String java;
    private boolean missing;

    PeersReport(Figures figures, String keycloakVersion, String keywardStart, String java) {
        this.figures = figures;
        this.keycloakVersion = keycloakVersion;
        this.keywardStart = keywardStart;
        this.java = java;
    }

    /** True once {@link #render()} found a figure that could not be measured (n/a). */
    boolean missing() {
        return missing;
    }

    String render() {
        Table table = new Table(4);
        for (Row r : ROWS) {
            double kw = value("kw." + r.key());
            double kc = value("kc." + r.key());
            missing |= Double.isNaN(kw) || Double.isNaN(kc);
            table.add(r.label(), cell(kw, r.unit()), cell(kc, r.unit()), ratio(kw, kc, r.better()));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Keyward next to Keycloak %s (one at a time on this machine, %d closed-loop clients,"
                        + " warm-ups %.0f s / %.0f s, %.0f s phases, %d cores)%n", keycloakVersion, PeerWorkloads.CLIENTS,
                PeerWorkloads.LOGIN_WARMUP, PeerWorkloads.RESET_WARMUP, PeerWorkloads.PHASE, Runtime.getRuntime().availableProcessors()));
        out.append(table.render("figure", "Keyward", "Keycloak " + keycloakVersion, "Keyward / Keycloak"));
        for (String n : notes()) {
            out.append("note: ").append(n).append('\n');
        }
        for (String n : figures.notes()) {
            out.append("note: ").append(n).append('\n');
        }
        return out.toString();
    }

    private List<String> notes() {
        return List.of(
                "ratio = Keyward's value / Keycloak's in every row; the row says whether higher or lower is better",
                "one at a time: Keyward's workloads ran on bench/run's server while Keycloak was not running; that server was"
                        + " stopped before a fresh Keyward (start, idle RSS) and then Keycloak were started",
                "both on this machine's PostgreSQL, each in a fresh database; Keycloak in dev mode (kc.sh start-dev) on 127.0.0.1;"
                        + " Java " + java + " for both",
                "Keyward: bcrypt cost 10 over an HMAC-SHA-384 pre-hash (users imported with a plain bcrypt hash, re-hashed at"
                        + " their first login, before the measured phases); started as the README says (" + keywardStart
                        + ", JVM defaults with G1, malloc arenas limited, start-up heap given back once ready); Keycloak: kc.sh's default JVM options (-Xms64m -Xmx512m, G1)",
                "users: " + Peers.USERS + " on each; " + Peers.LOGIN_USERS + " log in round robin (on Keycloak only they have a"
                        + " password), every other one gets at most one reset email",
                "reset email: Keyward's public POST /api/auth/local/password-reset (written to its outbox, sent by its relay after"
                        + " the response); Keycloak's admin PUT /admin/realms/{realm}/users/{id}/execute-actions-email"
                        + " [\"UPDATE_PASSWORD\"] with an admin token (sent inside the request); login: Keyward's"
                        + " POST /api/auth/local/login, Keycloak's password grant on a public client",
                "delivered/s = mails of the measured phase / (last arrival at the sink - first request); server CPU from"
                        + " /proc over the same span; \"anything else\": the machine's busy cores less the server's and the"
                        + " driver's (PostgreSQL, and other people's processes on a shared box: compare the two columns)",
                "start to ready: spawn to the first 200 from GET /health/ready, polled every 50 ms (Keycloak: on its management"
                        + " port, --health-enabled=true); RSS: VmRSS of the java process (for Keycloak kc.sh's java child)");
    }

    static String cell(double v, String unit) {
        return Double.isNaN(v) ? "n/a" : Report.fmt(v) + unit;
    }

    /** Keyward / Keycloak, and which side the row's direction favours (within 5 %: "about the same"). */
    static String ratio(double kw, double kc, int better) {
        if (Double.isNaN(kw) || Double.isNaN(kc) || kc == 0) {
            return "n/a";
        }
        double r = kw / kc;
        if (better == 0) {
            return String.format(Locale.ROOT, "%.2f x", r);
        }
        String verdict = Math.abs(r - 1) <= 0.05 ? "about the same" : (r > 1) == (better > 0) ? "Keyward better" : "Keycloak better";
        return String.format(Locale.ROOT, "%.2f x, %s", r, verdict);
    }

    private double value(String key) {
        List<Double> v = figures.get(key);
        return v == null || v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }
}
