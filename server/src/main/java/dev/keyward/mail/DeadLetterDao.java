package dev.keyward.mail;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;
import java.util.Optional;

/** SQL for the outbox's dead letters: listed and retried by {@link DeadLetters}, wiped by the janitor's call. */
public interface DeadLetterDao {
    /** A dead letter as listed; never its payload. */
    record Listed(long id, String kind, Long codeId, String recipient, String locale, int attempts, long createdAt,
                  Long lastAttemptAt, String lastError, Long expiresAt, boolean payloadKept) { }

    /** Newest first; a null before starts at the newest. */
    @SqlQuery("""
            SELECT id, kind, code_id, recipient, locale, attempts, created_at, last_attempt_at, last_error, expires_at,
                payload IS NOT NULL AS payload_kept
            FROM outbox WHERE project_id = :projectId AND status = 'dead' AND (:before IS NULL OR id < :before)
            ORDER BY id DESC LIMIT :limit""")
    @RegisterConstructorMapper(Listed.class)
    List<Listed> list(String projectId, Long before, int limit);

    /** A dead letter to retry, locked for the transaction. */
    record Locked(long id, String kind, Long codeId, String recipient, String payload, Long expiresAt, String locale) { }

    @SqlQuery("""
            SELECT id, kind, code_id, recipient, payload, expires_at, locale FROM outbox
            WHERE id = :id AND project_id = :projectId AND status = 'dead' FOR UPDATE""")
    @RegisterConstructorMapper(Locked.class)
    Optional<Locked> lock(String projectId, long id);

    /** The retried copy: a new pending row, so every earlier claim of the old one stays void. */
    @SqlUpdate("""
            INSERT INTO outbox (project_id, kind, code_id, recipient, payload, status, attempts, next_attempt_at,
                expires_at, created_at, locale)
            VALUES (:projectId, :kind, :codeId, :recipient, :payload, 'pending', 0, :now, :expiresAt, :now, :locale)""")
    @GetGeneratedKeys("id")
    long requeue(String projectId, String kind, Long codeId, String recipient, String payload, Long expiresAt,
                 String locale, long now);

    @SqlUpdate("UPDATE outbox SET status = 'retried', payload = NULL WHERE id = :id AND project_id = :projectId")
    void markRetried(String projectId, long id);

    /** Wipes the sealed payloads of dead letters whose code has expired (all projects); returns how many. */
    @SqlUpdate("UPDATE outbox SET payload = NULL WHERE status = 'dead' AND payload IS NOT NULL AND expires_at <= :now")
    int wipeExpired(long now);
}
