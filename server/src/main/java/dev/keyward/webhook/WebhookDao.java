package dev.keyward.webhook;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/** SQL for webhooks; every statement names the project. {@link WebhookService} and {@link WebhookRelay} write it. */
@RegisterConstructorMapper(WebhookDao.Row.class)
public interface WebhookDao {
    /** A stored endpoint; secrets are sealed (see {@link WebhookSecrets}). */
    record Row(String id, String projectId, String url, String events, boolean enabled, String secret,
               String previousSecret, Long previousSecretUntil, int failuresInARow, long createdAt, long updatedAt) { }

    @SqlUpdate("""
            INSERT INTO webhooks (id, project_id, url, events, enabled, secret, previous_secret, previous_secret_until,
                failures_in_a_row, created_at, updated_at)
            VALUES (:id, :projectId, :url, :events, :enabled, :secret, NULL, NULL, 0, :createdAt, :updatedAt)""")
    void insert(@BindMethods Row row);

    /**
     * Locks the project's row for the rest of the transaction: the lock that serialises webhook
     * changes in a project, so two simultaneous creations cannot both pass the limit of 20 and the
     * project's {@code webhook_events} is always computed from every committed change before it.
     */
    @SqlQuery("SELECT id FROM projects WHERE id = :projectId FOR UPDATE")
    Optional<String> lockProject(String projectId);

    /**
     * The event types the project's enabled webhooks subscribe to, stored on the project; bumping
     * its settings version makes every server process reload it before its next request.
     */
    @SqlUpdate("UPDATE projects SET webhook_events = :events, settings_version = settings_version + 1 WHERE id = :projectId")
    void setProjectEvents(String projectId, String events);

    @SqlQuery("SELECT COUNT(*) FROM webhooks WHERE project_id = :projectId")
    int count(String projectId);

    @SqlQuery("SELECT * FROM webhooks WHERE project_id = :projectId AND id = :id")
    Optional<Row> find(String projectId, String id);

    @SqlQuery("SELECT * FROM webhooks WHERE project_id = :projectId ORDER BY created_at, id")
    List<Row> list(String projectId);

    /** Re-enabling starts the failure count afresh. */
    @SqlUpdate("""
            UPDATE webhooks SET url = :url, events = :events, enabled = :enabled, updated_at = :updatedAt,
                failures_in_a_row = CASE WHEN :enabled AND NOT enabled THEN 0 ELSE failures_in_a_row END
            WHERE project_id = :projectId AND id = :id""")
    void update(@BindMethods Row row);

    @SqlUpdate("""
            UPDATE webhooks SET secret = :secret, previous_secret = :previousSecret,
                previous_secret_until = :previousSecretUntil, updated_at = :now
            WHERE project_id = :projectId AND id = :id""")
    void rotate(String projectId, String id, String secret, String previousSecret, long previousSecretUntil, long now);

    @SqlUpdate("DELETE FROM webhooks WHERE project_id = :projectId AND id = :id")
    int delete(String projectId, String id);

    @SqlUpdate("UPDATE webhooks SET failures_in_a_row = 0 WHERE project_id = :projectId AND id = :id AND failures_in_a_row <> 0")
    void clearFailures(String projectId, String id);

    @SqlUpdate("UPDATE webhooks SET failures_in_a_row = failures_in_a_row + 1 WHERE project_id = :projectId AND id = :id")
    void countFailure(String projectId, String id);

    /** The count, read after {@link #countFailure} in the same transaction (which holds the row's lock). */
    @SqlQuery("SELECT failures_in_a_row FROM webhooks WHERE project_id = :projectId AND id = :id")
    Optional<Integer> failures(String projectId, String id);

    /** 1 if this call disabled it, 0 if it already was (so only one process audits it). */
    @SqlUpdate("UPDATE webhooks SET enabled = FALSE, updated_at = :now WHERE project_id = :projectId AND id = :id AND enabled")
    int disable(String projectId, String id, long now);
}
