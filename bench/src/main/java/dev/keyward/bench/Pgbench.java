package dev.keyward.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * D: runs {@code pgbench -M prepared} on the benchmark database with the statements the server
 * runs for one password-reset request of an unknown address, in the same shape: the per-IP
 * counter (which also reads the project's settings version) in its own autocommit statement,
 * then one transaction of two statements (ResetRequestDao: the limits row created or locked with
 * the account looked up; then open codes closed, the new code stored, the void outbox row, the
 * send recorded and the audit event; the bench project has no webhook, so the server skips the
 * fan-out statement). Keep it in step with the server's SQL (bench/run --scale prints, under
 * "plans", the statements the server really sent).
 * Durable commits, as configured. Latencies come from pgbench's per-transaction log.
 */
final class Pgbench {
    static final String SCRIPT = """
            \\set r random(1, 2000000000)
            WITH v AS (SELECT :pid::text AS project_id, '127.0.0.1'::text AS ip, (floor(extract(epoch from clock_timestamp()) / 60) * 60000)::bigint AS window_start, set_config('synchronous_commit', 'off', true) AS commit_mode), p AS (SELECT settings_version FROM projects, v WHERE id = v.project_id), hit AS (INSERT INTO ip_limits AS l (project_id, ip, window_start, hits) SELECT v.project_id, v.ip, v.window_start, 1 FROM v, p ON CONFLICT (project_id, ip) DO UPDATE SET hits = CASE WHEN l.window_start = EXCLUDED.window_start THEN l.hits + 1 ELSE 1 END, window_start = EXCLUDED.window_start RETURNING hits) SELECT hit.hits, p.settings_version FROM hit, p;
            BEGIN;
            WITH l AS (INSERT INTO otp_limits AS l (project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log, last_failure_at) VALUES (:pid, 'pg' || :client_id::text || '.' || :r::text || '@unknown.test', 'reset', 0, 0, 0, '', 0) ON CONFLICT (project_id, email_key, purpose) DO UPDATE SET purpose = l.purpose RETURNING project_id, email_key, purpose, last_sent_at, hour_start, sends_in_hour, fail_log) SELECT l.*, u.id, u.email, u.password_hash, u.first_name, u.last_name, u.role, u.custom_role, u.email_verified, u.two_factor_enabled, u.created_at, u.updated_at, u.locale FROM l LEFT JOIN users u ON u.project_id = l.project_id AND u.email_key = l.email_key;
            WITH closed AS (UPDATE otp_codes SET closed_at = (extract(epoch from clock_timestamp()) * 1000)::bigint WHERE project_id = :pid AND email_key = 'pg' || :client_id::text || '.' || :r::text || '@unknown.test' AND purpose IN ('reset', 'reset_token', 'reset_cargo', 'reset_strapi', 'reset_confirmed') AND consumed_at IS NULL AND closed_at IS NULL), code AS (INSERT INTO otp_codes (project_id, email_key, user_id, purpose, mac, created_at, expires_at, attempts, max_attempts) VALUES (:pid, 'pg' || :client_id::text || '.' || :r::text || '@unknown.test', NULL, 'reset', md5(:r::text) || md5(:client_id::text), (extract(epoch from clock_timestamp()) * 1000)::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint + 3600000, 0, 10) RETURNING id), mail AS (INSERT INTO outbox (project_id, kind, code_id, recipient, payload, status, attempts, next_attempt_at, expires_at, created_at, locale) SELECT :pid, 'reset_code', code.id, NULL, NULL, 'void', 0, (extract(epoch from clock_timestamp()) * 1000)::bigint, (extract(epoch from clock_timestamp()) * 1000)::bigint + 3600000, (extract(epoch from clock_timestamp()) * 1000)::bigint, 'en' FROM code), sent AS (UPDATE otp_limits SET last_sent_at = (extract(epoch from clock_timestamp()) * 1000)::bigint, hour_start = (extract(epoch from clock_timestamp()) * 1000)::bigint, sends_in_hour = 1 WHERE project_id = :pid AND email_key = 'pg' || :client_id::text || '.' || :r::text || '@unknown.test' AND purpose = 'reset'), audit AS (INSERT INTO audit_events (project_id, type, user_id, subject, ip, request_id, actor, detail, created_at) VALUES (:pid, 'reset.requested', NULL, md5(:r::text) || md5(:pid), '127.0.0.1', substr(md5(:client_id::text || :r::text), 1, 24), NULL, NULL, (extract(epoch from clock_timestamp()) * 1000)::bigint)) SELECT id FROM code;
            END;
            """;

    private final Path work;
    private final String pgUser;
    private final String database;
    private final String projectId;
    private final CpuSampler cpu;
    private final Figures figures;

    /** {@code work}: where each run gets its own temporary directory for the script and logs. */
    Pgbench(Path work, String pgUser, String database, String projectId, CpuSampler cpu, Figures figures) {
        this.work = work;
        this.pgUser = pgUser;
        this.database = database;
        this.projectId = projectId;
        this.cpu = cpu;
        this.figures = figures;
    }

    /** {@code clients} pgbench clients for about {@code seconds} (whole seconds, at least 1). */
    Stats run(int clients, double seconds) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "pgbench");
        Path script = dir.resolve("request-otp.sql");
        Files.writeString(script, SCRIPT);
        int secs = Math.max(1, (int) Math.round(seconds));
        List<String> cmd = List.of("pgbench", "-n", "-M", "prepared", "-h", "127.0.0.1", "-U", pgUser,
                "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)), "-T", String.valueOf(secs),
                "-D", "pid=" + projectId, "-f", script.toString(), "-l", "--log-prefix=" + dir.resolve("log"), database);
        long[] before = cpu.snapshot();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("pgbench failed:\n" + out);
        }
        double[] used = cpu.since(before);
        Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        Matcher failed = Pattern.compile("number of failed transactions: ([0-9]+)").matcher(out);
        if (!tps.find()) {
            throw new IllegalStateException("no tps in pgbench output:\n" + out);
        }
        if (failed.find() && Integer.parseInt(failed.group(1)) > 0) {
            figures.note("pgbench reported failed transactions: " + failed.group(1));
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
        st.cpu = used;
        try (var files = Files.walk(dir)) {
            files.sorted(Collections.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        return st;
    }
}
