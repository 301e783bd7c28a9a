package dev.keyward.audit;

import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Jdbi;

import java.time.Instant;
import java.util.List;

/** Reads the audit log, newest first, paged by id. */
public final class AuditQuery {
    private final Jdbi jdbi;

    public AuditQuery(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Event(long id, String type, String userId, String subject, String ip, String requestId, String actor,
                        String detail, String createdAt) { }

    public List<Event> list(ProjectId project, String type, Long before, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, type, user_id, subject, ip, request_id, actor, detail, created_at FROM audit_events
                        WHERE project_id = :p AND (:type IS NULL OR type = :type) AND (:before IS NULL OR id < :before)
                        ORDER BY id DESC LIMIT :limit""")
                .bind("p", project.value()).bind("type", type).bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> new Event(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        Instant.ofEpochMilli(rs.getLong(9)).toString()))
                .list());
    }
}
