package dev.keyward.support;

import org.jdbi.v3.core.Jdbi;

import java.util.List;
import java.util.Map;

/** Direct reads of the server's database, to check what was (not) stored. */
public final class Db {
    private final Jdbi jdbi;

    public Db(TestServer server) {
        this.jdbi = server.app.database().jdbi();
    }

    public long count(String table, String where, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery("SELECT COUNT(*) FROM " + table + (where.isEmpty() ? "" : " WHERE " + where));
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapTo(Long.class).one();
        });
    }

    public List<Map<String, Object>> rows(String sql, Object... args) {
        return jdbi.withHandle(h -> {
            var q = h.createQuery(sql);
            for (int i = 0; i < args.length; i++) {
                q.bind(i, args[i]);
            }
            return q.mapToMap().list();
        });
    }

    /** Row counts of every table that a request may write, for equal-work comparisons. */
    /**
     * Rows per table written for a project by requests. Audit events the relay writes later
     * (actor "system", after a mail went out) are left out: they depend on when the relay ran.
     */
    public Map<String, Long> tableCounts(String projectId) {
        return Map.of(
                "otp_codes", count("otp_codes", "project_id = ?", projectId),
                "outbox", count("outbox", "project_id = ?", projectId),
                "audit_events", count("audit_events", "project_id = ? AND (actor IS NULL OR actor <> 'system')", projectId),
                "otp_limits", count("otp_limits", "project_id = ?", projectId),
                "users", count("users", "project_id = ?", projectId),
                "sessions", count("sessions", "project_id = ?", projectId));
    }
}
