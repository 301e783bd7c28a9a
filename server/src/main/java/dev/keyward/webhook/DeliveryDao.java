package dev.keyward.webhook;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/**
 * SQL for webhook_deliveries, the webhook outbox. {@link WebhookEvents} adds rows inside the
 * caller's transaction; {@link WebhookRelay} claims and finishes them. Once claimed, every
 * statement on a row names the attempt count its claim set, so a row someone else claimed since
 * is left alone.
 */
public interface DeliveryDao {
    /**
     * One row per enabled endpoint of the project subscribed to the type; none when {@code deliver}
     * is false, which callers use for an address that has no account: the same statement runs
     * either way. With {@code dedupeSince}, an endpoint that already has this type for this user
     * since then gets no second row.
     */
    @SqlUpdate("""
            INSERT INTO webhook_deliveries (project_id, webhook_id, message_id, event_type, user_id, payload, status,
                attempts, next_attempt_at, created_at)
            SELECT w.project_id, w.id, :messageId, :type, :userId, :payload, 'pending', 0, :now, :now FROM webhooks w
            WHERE w.project_id = :projectId AND w.enabled AND w.events LIKE :subscribed AND :deliver
              AND (:dedupeSince IS NULL OR NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                   WHERE d.user_id = :userId AND d.event_type = :type AND d.webhook_id = w.id
                     AND d.created_at > :dedupeSince))""")
    int fanOut(String projectId, String messageId, String type, String userId, String payload, String subscribed,
               boolean deliver, Long dedupeSince, long now);

    /** One row for one endpoint, whatever it subscribes to (the test event). */
    @SqlUpdate("""
            INSERT INTO webhook_deliveries (project_id, webhook_id, message_id, event_type, user_id, payload, status,
                attempts, next_attempt_at, created_at)
            VALUES (:projectId, :webhookId, :messageId, :type, NULL, :payload, 'pending', 0, :now, :now)""")
    @GetGeneratedKeys("id")
    long insertOne(String projectId, String webhookId, String messageId, String type, String payload, long now);

    /** What the admin API shows of a delivery. */
    record View(long id, String messageId, String eventType, String status, int attempts, Integer lastStatus,
                Integer lastDurationMs, String lastError, long nextAttemptAt, long createdAt, Long finishedAt) { }

    /** Newest first; a null before leaves that filter out. */
    @SqlQuery("""
            SELECT id, message_id, event_type, status, attempts, last_status, last_duration_ms, last_error,
                next_attempt_at, created_at, finished_at FROM webhook_deliveries
            WHERE project_id = :projectId AND webhook_id = :webhookId AND (:before IS NULL OR id < :before)
            ORDER BY id DESC LIMIT :limit""")
    @RegisterConstructorMapper(View.class)
    List<View> list(String projectId, String webhookId, Long before, int limit);

    @SqlQuery("""
            SELECT id, message_id, event_type, status, attempts, last_status, last_duration_ms, last_error,
                next_attempt_at, created_at, finished_at FROM webhook_deliveries
            WHERE project_id = :projectId AND id = :id""")
    @RegisterConstructorMapper(View.class)
    Optional<View> find(String projectId, long id);

    /** Endpoints with a due row, the longest-waiting first, leaving out those this process is sending to. */
    @SqlQuery("""
            SELECT webhook_id FROM webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= :now AND webhook_id NOT IN (<busy>)
            GROUP BY webhook_id ORDER BY MIN(next_attempt_at) LIMIT :limit""")
    List<String> dueWebhooks(long now, @BindList("busy") List<String> busy, int limit);

    /** A row this process claimed; attempts is the number of this attempt (the stored count plus one). */
    record Claimed(long id, String projectId, String webhookId, String messageId, String eventType, String payload,
                   int attempts, long createdAt) { }

    /** Locks the endpoint's oldest due row that no other transaction holds. */
    @SqlQuery("""
            SELECT id, project_id, webhook_id, message_id, event_type, payload, attempts + 1 AS attempts, created_at
            FROM webhook_deliveries WHERE webhook_id = :webhookId AND status = 'pending' AND next_attempt_at <= :now
            ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""")
    @RegisterConstructorMapper(Claimed.class)
    Optional<Claimed> lockNextDue(String webhookId, long now);

    @SqlUpdate("UPDATE webhook_deliveries SET attempts = :attempts, next_attempt_at = :lease WHERE id = :id AND project_id = :projectId")
    void claim(long id, String projectId, int attempts, long lease);

    @SqlUpdate("""
            UPDATE webhook_deliveries SET next_attempt_at = :next, last_status = :status, last_duration_ms = :durationMs,
                last_error = :error
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts AND status = 'pending'""")
    int retryLater(long id, String projectId, int attempts, long next, Integer status, Integer durationMs, String error);

    /** Ends the row (delivered or failed) and wipes its payload. */
    @SqlUpdate("""
            UPDATE webhook_deliveries SET status = :outcome, payload = NULL, finished_at = :now, last_status = :status,
                last_duration_ms = :durationMs, last_error = :error
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts AND status = 'pending'""")
    int finish(long id, String projectId, int attempts, String outcome, Integer status, Integer durationMs, String error,
               long now);

    @SqlUpdate("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < :before")
    int deleteDoneCreatedBefore(long before);
}
