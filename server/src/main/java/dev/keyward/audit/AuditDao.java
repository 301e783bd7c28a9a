package dev.keyward.audit;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;

/** SQL for audit_events. {@link AuditLog} is the only writer; {@link AuditQuery} reads. */
public interface AuditDao {
    @SqlUpdate("""
            INSERT INTO audit_events (project_id, type, user_id, subject, ip, request_id, actor, detail, created_at)
            VALUES (:projectId, :type, :userId, :subject, :ip, :requestId, :actor, :detail, :createdAt)""")
    void insert(String projectId, String type, String userId, String subject, String ip, String requestId, String actor,
                String detail, long createdAt);

    /** Newest first; a null type or before leaves that filter out. */
    @SqlQuery("""
            SELECT id, type, user_id, subject, ip, request_id, actor, detail, created_at FROM audit_events
            WHERE project_id = :projectId AND (:type IS NULL OR type = :type) AND (:before IS NULL OR id < :before)
            ORDER BY id DESC LIMIT :limit""")
    @RegisterConstructorMapper(AuditQuery.Event.class)
    List<AuditQuery.Event> list(String projectId, String type, Long before, int limit);
}
