package dev.keyward.audit;

import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

import java.time.Instant;
import java.util.List;

/** Reads the audit log, newest first, paged by id. */
public final class AuditQuery {
    private final Jdbi jdbi;

    public AuditQuery(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public record Event(long id, String type, String userId, String subject, String ip, String requestId, String actor,
                        String detail, String createdAt) {
        /** A row of audit_events, whose created_at is epoch milliseconds. */
        @JdbiConstructor
        public static Event fromRow(long id, String type, String userId, String subject, String ip, String requestId,
                                    String actor, String detail, long createdAt) {
            return new Event(id, type, userId, subject, ip, requestId, actor, detail,
                    Instant.ofEpochMilli(createdAt).toString());
        }
    }

    public List<Event> list(ProjectId project, String type, Long before, int limit) {
        return jdbi.withHandle(h -> h.attach(AuditDao.class).list(project.value(), type, before, limit));
    }
}
