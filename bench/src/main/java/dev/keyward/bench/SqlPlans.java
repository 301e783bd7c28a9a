package dev.keyward.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL the running server sends, and its plans. {@link #capture} switches on statement
 * logging for the benchmark database only ({@code ALTER DATABASE ... SET
 * log_min_duration_statement = 0}; the server's pooled connections are closed so that new ones
 * pick it up), runs a short sample of requests, switches it off again, and reads what
 * PostgreSQL logged for this database's backends: each statement's text and the parameters it
 * was executed with. {@link #explain} runs each one again as a prepared statement with the
 * generic plan (as pgjdbc's server-side prepared statements run after five executions) under
 * {@code EXPLAIN (ANALYZE, BUFFERS)} in a transaction that is rolled back.
 */
final class SqlPlans {
    /** Shared buffers (hit + read) one execution of a hot statement may touch. */
    static final int BUFFER_BOUND = 100;
    /** A table with more rows than this must not be read by a sequential scan on a hot path. */
    static final long LARGE_TABLE = 10_000;

    /** One statement as the server sent it, the sample step that first sent it, and one set of its parameters. */
    record Statement(String sql, String step, List<String> params) { }

    /** A plan, condensed, and what the check found. */
    record Plan(Statement statement, List<String> nodes, long buffers, List<String> seqScans, String error,
                boolean janitor) {
        boolean ok() {
            return error == null && seqScans.isEmpty() && (janitor || buffers <= BUFFER_BOUND);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    private static final Pattern LINE = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+ \\S+ \\[(\\d+)\\] (.*)$");
    private static final Pattern EXECUTE = Pattern.compile(
            "LOG:  duration: [0-9.]+ ms  (?:execute [^:]+|statement): (.*)$");
    private static final Pattern PARAM = Pattern.compile("\\$(\\d+) = (NULL|'([^']*+(?:''[^']*+)*+)')");

    private final Psql psql;
    private final String database;

    SqlPlans(Psql psql, String database) {
        this.psql = psql;
        this.database = database;
    }

    /** PostgreSQL's log file: KEYWARD_BENCH_PGLOG, pg_current_logfile(), or Debian's. */
    Path logFile() throws Exception {
        String env = System.getenv("KEYWARD_BENCH_PGLOG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String current = psql.query("SELECT coalesce(current_setting('data_directory') || '/' || pg_current_logfile(), '')");
        if (!current.isEmpty() && Files.isReadable(Path.of(current))) {
            return Path.of(current);
        }
        String version = psql.query("SELECT current_setting('server_version_num')::int / 10000");
        Path debian = Path.of("/var/log/postgresql/postgresql-" + version + "-main.log");
        if (Files.isReadable(debian)) {
            return debian;
        }
        throw new IllegalStateException("cannot find PostgreSQL's log (set KEYWARD_BENCH_PGLOG)");
    }

    /**
     * Logs every statement of this database while {@code steps} run (in order, by name), plus
     * {@code linger} seconds or until {@code until} shows up in the log; returns the distinct
     * statements in the order first seen.
     */
    List<Statement> capture(Map<String, Step> steps, double linger, String until) throws Exception {
        Path log = logFile();
        psql.query("ALTER DATABASE " + database + " SET log_min_duration_statement = 0");
        List<Statement> out = new ArrayList<>();
        try {
            closeServerConnections();
            Thread.sleep(1000);
            Map<String, Long> offsets = new LinkedHashMap<>();
            for (Map.Entry<String, Step> s : steps.entrySet()) {
                offsets.put(s.getKey(), Files.size(log));
                try {
                    s.getValue().run();
                } catch (Exception e) {
                    Log.log("  sql sample step %s: %s", s.getKey(), e);
                }
            }
            offsets.put("background", Files.size(log));
            long end = System.nanoTime() + (long) (linger * 1e9);
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                if (until != null && read(log, offsets.get("background"), Files.size(log)).contains(until)) {
                    Thread.sleep(2000);
                    break;
                }
            }
            Set<String> pids = Set.of(psql.query("SELECT string_agg(pid::text, ',') FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND pid <> pg_backend_pid()").split(","));
            long endOffset = Files.size(log);
            List<String> names = new ArrayList<>(offsets.keySet());
            Map<String, Statement> seen = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                long to = i + 1 < names.size() ? offsets.get(names.get(i + 1)) : endOffset;
                parse(read(log, offsets.get(names.get(i)), to), names.get(i), pids, seen);
            }
            out.addAll(seen.values());
        } finally {
            psql.query("ALTER DATABASE " + database + " RESET log_min_duration_statement");
            closeServerConnections();
        }
        return out;
    }

    /** The server's pool opens new connections, which read the database's settings. */
    private void closeServerConnections() throws Exception {
        psql.query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
    }

    private static String read(Path log, long from, long to) throws IOException {
        if (to <= from) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            byte[] b = new byte[(int) Math.min(to - from, 256L << 20)];
            f.seek(from);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** Statements (with the parameters of their first execution) from log text, of the given backends. */
    static void parse(String text, String step, Set<String> pids, Map<String, Statement> seen) {
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            Matcher m = LINE.matcher(lines[i]);
            if (!m.matches() || !pids.contains(m.group(1))) {
                continue;
            }
            Matcher e = EXECUTE.matcher(m.group(2));
            if (!e.find()) {
                continue;
            }
            StringBuilder sql = new StringBuilder(e.group(1));
            int j = i + 1;
            while (j < lines.length && lines[j].startsWith("\t")) {
                sql.append('\n').append(lines[j].substring(1));
                j++;
            }
            List<String> params = new ArrayList<>();
            if (j < lines.length) {
                Matcher d = LINE.matcher(lines[j]);
                if (d.matches() && d.group(1).equals(m.group(1)) && d.group(2).contains("DETAIL:  parameters: ")) {
                    StringBuilder detail = new StringBuilder(d.group(2));
                    int k = j + 1;
                    while (k < lines.length && lines[k].startsWith("\t")) {
                        detail.append('\n').append(lines[k].substring(1));
                        k++;
                    }
                    Matcher p = PARAM.matcher(detail);
                    while (p.find()) {
                        params.add(p.group(3) == null ? null : p.group(3).replace("''", "'"));
                    }
                }
            }
            String s = sql.toString().strip();
            String head = s.toUpperCase(Locale.ROOT);
            if (s.isEmpty() || head.startsWith("BEGIN") || head.startsWith("COMMIT") || head.startsWith("ROLLBACK")
                    || head.startsWith("SET ") || head.startsWith("SHOW ") || head.startsWith("SELECT 1")) {
                continue;
            }
            seen.putIfAbsent(s.replaceAll("\\s+", " ").replaceAll("\\(\\$[0-9$, ]*+\\)", "(\\$n...)"),
                    new Statement(s, step, params));
        }
    }

    /**
     * The janitor's statements: deletes, and the look-ups of what to delete, that do not name one
     * project (every request's statement does), and the wipe of expired dead letters.
     */
    static boolean isJanitor(String sql) {
        String s = sql.replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
        return (s.startsWith("DELETE") || s.startsWith("SELECT ID FROM")) && !s.contains("PROJECT_ID = $")
                || s.startsWith("UPDATE OUTBOX SET PAYLOAD = NULL");
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of each statement with the generic plan, rolled back. */
    List<Plan> explain(List<Statement> statements) throws Exception {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String line : psql.query("SELECT relname || '|' || reltuples::bigint FROM pg_class "
                + "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace").split("\n")) {
            int bar = line.indexOf('|');
            if (bar > 0) {
                rows.put(line.substring(0, bar), Long.parseLong(line.substring(bar + 1)));
            }
        }
        List<Plan> plans = new ArrayList<>();
        int n = 0;
        for (Statement st : statements) {
            n++;
            List<String> params = new ArrayList<>(st.params());
            List<String> types = new ArrayList<>();
            String out = "";
            for (int attempt = 0; attempt < 4; attempt++) {
                out = explainOnce("bench_plan_" + n + "_" + attempt, st.sql(), params, types);
                Matcher untyped = Pattern.compile("could not determine data type of parameter \\$(\\d+)").matcher(out);
                if (untyped.find()) {
                    // As pgjdbc binds it: a string (the server's only untyped parameters are "x IS NULL" checks).
                    int k = Integer.parseInt(untyped.group(1));
                    while (types.size() < k) {
                        types.add("unknown");
                    }
                    types.set(k - 1, "text");
                } else if (out.contains("duplicate key value") && st.sql().strip().toUpperCase(Locale.ROOT).startsWith("INSERT")) {
                    // The logged row was committed: insert one with a fresh key.
                    // The server's inserts that can collide put the new row's key first ($1).
                    String p = params.isEmpty() ? null : params.get(0);
                    if (p == null || p.length() < 2) {
                        break;
                    }
                    params.set(0, p.substring(0, p.length() - 2) + (p.endsWith("0") ? "1" : "0") + attempt);
                } else {
                    break;
                }
            }
            plans.add(condense(st, out, rows));
        }
        return plans;
    }

    /**
     * One statement: prepared (generic plan), executed once to warm this session's caches (a fresh
     * backend reads the catalogs on its first use of a table and its indexes, which EXPLAIN would
     * count as the statement's buffers), then measured; everything rolled back. Returns psql's
     * output after the marker, errors included.
     */
    private String explainOnce(String name, String sql, List<String> params, List<String> types) throws Exception {
        List<String> args = new ArrayList<>();
        for (String p : params) {
            args.add(p == null ? "NULL" : "'" + p.replace("'", "''") + "'");
        }
        String execute = "EXECUTE " + name + (args.isEmpty() ? "" : "(" + String.join(", ", args) + ")");
        String script = "BEGIN;\nSET LOCAL plan_cache_mode = force_generic_plan;\nPREPARE " + name
                + (types.isEmpty() ? "" : " (" + String.join(", ", types) + ")") + " AS " + sql + ";\n"
                + "SAVEPOINT warm;\nEXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) " + execute + ";\n"
                + "ROLLBACK TO SAVEPOINT warm;\n\\echo " + MARK + "\n"
                + "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) " + execute + ";\nROLLBACK;\n";
        String out = psql.script(script, false);
        int at = out.indexOf(MARK);
        if (at >= 0) {
            return out.substring(at + MARK.length());
        }
        return out;
    }

    private static final String MARK = "--measured--";

    /** Node lines (without timings) with their own buffers; the root's buffers; seq scans of large tables. */
    static Plan condense(Statement st, String explainOutput, Map<String, Long> tableRows) {
        List<String> nodes = new ArrayList<>();
        List<String> seq = new ArrayList<>();
        long rootBuffers = -1;
        long maxNode = 0;
        String error = null;
        Pattern buffers = Pattern.compile("Buffers: shared(?: hit=(\\d+))?(?: read=(\\d+))?");
        boolean planning = false;
        for (String raw : explainOutput.split("\n")) {
            if (raw.contains("ERROR:")) {
                error = raw.substring(raw.indexOf("ERROR:") + 6).trim();
                break;
            }
            String line = raw.strip();
            if (line.startsWith("Planning")) {
                planning = true;
            }
            if (planning || line.isEmpty() || line.startsWith("Execution Time") || line.equals("BEGIN")
                    || line.equals("ROLLBACK") || line.equals("PREPARE") || line.equals("SET")) {
                continue;
            }
            boolean node = raw.contains("->") || nodes.isEmpty() && !line.contains(":");
            if (node) {
                String n = line.replaceFirst("^->\\s*", "").replaceAll("\\s*\\(actual.*$", "");
                nodes.add(n);
                Matcher s = Pattern.compile("Seq Scan on (\\w+)").matcher(n);
                if (s.find() && tableRows.getOrDefault(s.group(1), 0L) > LARGE_TABLE) {
                    seq.add(s.group(1) + " (" + tableRows.get(s.group(1)) + " rows)");
                }
            } else if (line.startsWith("Buffers:") && !nodes.isEmpty()) {
                Matcher b = buffers.matcher(line);
                long v = 0;
                if (b.find()) {
                    v = (b.group(1) == null ? 0 : Long.parseLong(b.group(1))) + (b.group(2) == null ? 0 : Long.parseLong(b.group(2)));
                }
                int last = nodes.size() - 1;
                nodes.set(last, nodes.get(last) + " [" + v + " buffers]");
                if (rootBuffers < 0 && nodes.size() == 1) {
                    rootBuffers = v;
                }
                maxNode = Math.max(maxNode, v);
            }
        }
        if (error == null && nodes.isEmpty()) {
            error = "no plan";
        }
        return new Plan(st, nodes, rootBuffers < 0 ? maxNode : rootBuffers, seq, error, isJanitor(st.sql()));
    }
}
