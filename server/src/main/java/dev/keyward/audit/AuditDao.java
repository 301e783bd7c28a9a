package dev.keyward.audit;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;

/**
 * SQL for audit_events and audit_sequences. {@link AuditLog} inserts events; {@link AuditQuery}
 * numbers them per project and reads them.
 */
public interface AuditDao {
    @SqlUpdate("""
            INSERT INTO audit_events (project_id, type, user_id, subject, ip, request_id, actor, detail, created_at)
            VALUES (:projectId, :type, :userId, :subject, :ip, :requestId, :actor, :detail, :createdAt)""")
    void insert(String projectId, String type, String userId, String subject, String ip, String requestId, String actor,
                String detail, long createdAt);

    @SqlUpdate("INSERT INTO audit_sequences (project_id, last_seq) VALUES (:projectId, 0) ON CONFLICT DO NOTHING")
    void createSequence(String projectId);

    /** The project's last event number, locked until the transaction ends: one numberer per project at a time. */
    @SqlQuery("SELECT last_seq FROM audit_sequences WHERE project_id = :projectId FOR UPDATE")
    long lockSequence(String projectId);

    @SqlUpdate("UPDATE audit_sequences SET last_seq = :lastSeq WHERE project_id = :projectId")
    void advanceSequence(String projectId, long lastSeq);

    /** Committed events that have no number yet, oldest first. */
    @SqlQuery("SELECT id FROM audit_events WHERE project_id = :projectId AND seq IS NULL ORDER BY id")
    List<Long> unnumbered(String projectId);

    @SqlBatch("UPDATE audit_events SET seq = :seq WHERE id = :id AND project_id = :projectId")
    void number(String projectId, List<Long> id, List<Long> seq);

    /** Numbered events, newest first; a null type or before leaves that filter out. */
    @SqlQuery("""
            SELECT seq AS id, type, user_id, subject, ip, request_id, actor, detail, created_at FROM audit_events
            WHERE project_id = :projectId AND seq IS NOT NULL AND (:type IS NULL OR type = :type)
              AND (:before IS NULL OR seq < :before)
            ORDER BY seq DESC LIMIT :limit""")
    @RegisterConstructorMapper(AuditQuery.Event.class)
    List<AuditQuery.Event> list(String projectId, String type, Long before, int limit);
}
