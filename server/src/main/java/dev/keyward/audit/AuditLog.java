package dev.keyward.audit;

import dev.keyward.db.Daos;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.time.Clock;

/**
 * Writes audit events inside the caller's transaction, so an event exists exactly when the
 * change it describes was committed. Never given a code, token, password or unknown raw email.
 */
public final class AuditLog {
    private final Clock clock;

    public AuditLog(Clock clock) {
        this.clock = clock;
    }

    /** One audit_events row as written: a known type, the IP and detail cut to their columns' sizes. */
    public record Entry(String projectId, String type, String userId, String subject, String ip, String requestId,
                        String actor, String detail, long createdAt) { }

    public void record(Handle h, ProjectId project, String type, String userId, String subject, RequestMeta meta,
                       String detail) {
        insert(h, entry(project, type, userId, subject, meta, detail));
    }

    /** The row {@link #record} writes, for callers that write it with other rows in one statement. */
    public Entry entry(ProjectId project, String type, String userId, String subject, RequestMeta meta, String detail) {
        if (!EventTypes.isKnown(type)) {
            // A new type goes into EventTypes (and openapi.yaml's AuditEventType), or nobody could filter by it.
            throw new IllegalArgumentException("audit event type '" + type + "' is not in EventTypes");
        }
        return new Entry(project.value(), type, userId, subject,
                meta.ip() == null || meta.ip().length() <= 45 ? meta.ip() : meta.ip().substring(0, 45), meta.requestId(),
                meta.actor(), detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000), clock.millis());
    }

    public void insert(Handle h, Entry e) {
        Daos.of(h, AuditDao.class).insert(e.projectId(), e.type(), e.userId(), e.subject(), e.ip(), e.requestId(), e.actor(),
                e.detail(), e.createdAt());
    }
}
