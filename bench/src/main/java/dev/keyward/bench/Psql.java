package dev.keyward.bench;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code psql} on the benchmark database (bench/run exports PGHOST, PGPORT and PGUSER): queries,
 * scripts, and {@code COPY ... FROM STDIN} fed from a stream of rows, as an operator would load
 * data. The driver has no JDBC driver of its own.
 */
final class Psql {
    /** Writes rows (text COPY format, one per line). */
    interface Rows {
        void write(BufferedWriter out) throws IOException;
    }

    private final String database;

    Psql(String database) {
        this.database = database;
    }

    /** Unaligned, tuples only; stops at the first error (exception with psql's message). */
    String query(String sql) throws IOException, InterruptedException {
        return run(List.of("-At", "-v", "ON_ERROR_STOP=1", "-c", sql), null, true).trim();
    }

    /** The server settings that bound the figures: memory, WAL and commit, autovacuum. */
    static final String SETTINGS = "SELECT string_agg(name || ' ' || CASE WHEN unit = '8kB' "
            + "THEN pg_size_pretty(setting::bigint * 8192) WHEN unit = 'MB' THEN pg_size_pretty(setting::bigint * 1048576) "
            + "ELSE setting || coalesce(unit, '') END, ', ' ORDER BY name) FROM pg_settings WHERE name IN "
            + "('shared_buffers', 'max_wal_size', 'synchronous_commit', 'wal_compression', 'autovacuum', 'checkpoint_timeout')";

    /** PostgreSQL's version and {@link #SETTINGS}, for the report; what went wrong if they cannot be read. */
    String settings() {
        if (database == null) {
            return "settings not read (no benchmark database named)";
        }
        try {
            return query("SELECT current_setting('server_version')") + ": " + query(SETTINGS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "settings not read (interrupted)";
        } catch (IOException | RuntimeException e) {
            // A line of the report is not worth the run: psql's failure is named instead.
            return "settings not read (" + e.getMessage() + ")";
        }
    }

    /** A script on stdin; with {@code stopOnError} false every statement runs and errors are in the output. */
    String script(String sql, boolean stopOnError) throws IOException, InterruptedException {
        return run(List.of("-At", "-v", "ON_ERROR_STOP=" + (stopOnError ? 1 : 0), "-f", "-"),
                out -> out.write(sql), stopOnError);
    }

    /** {@code COPY table (columns) FROM STDIN} with rows from {@code rows}. */
    void copyIn(String table, List<String> columns, Rows rows) throws IOException, InterruptedException {
        run(List.of("-v", "ON_ERROR_STOP=1", "-c", "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN"),
                rows, true);
    }

    private String run(List<String> args, Rows stdin, boolean failOnError) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-d", database));
        cmd.addAll(args);
        File err = File.createTempFile("psql", ".err");
        File out = File.createTempFile("psql", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err).redirectOutput(out);
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(),
                        StandardCharsets.UTF_8), 1 << 16)) {
                    stdin.write(w);
                }
            }
            int rc = p.waitFor();
            String o = Files.readString(out.toPath());
            String e = Files.readString(err.toPath());
            if (failOnError && (rc != 0 || e.contains("ERROR:"))) {
                throw new IllegalStateException("psql " + String.join(" ", args.subList(0, Math.min(args.size(), 3)))
                        + " failed (" + rc + "): " + e.trim());
            }
            return failOnError ? o : o + e;
        } finally {
            err.delete();
            out.delete();
        }
    }
}
