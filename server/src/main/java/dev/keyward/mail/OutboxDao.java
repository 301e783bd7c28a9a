package dev.keyward.mail;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.util.List;

/**
 * SQL for the outbox; only the mail package writes it ({@link Outbox} adds rows, {@link OutboxRelay}
 * claims, leases and finishes them). Every statement on a row names its project and, once the row
 * is claimed, the attempt count that claim set: a row someone else claimed since is left alone.
 */
public interface OutboxDao {
    /** PostgreSQL only: this transaction commits without waiting for the WAL flush. */
    @SqlUpdate("SET LOCAL synchronous_commit TO OFF")
    void relaxCommit();

    @SqlUpdate("""
            INSERT INTO outbox (project_id, kind, code_id, recipient, payload, status, attempts, next_attempt_at,
                expires_at, created_at, locale)
            VALUES (:projectId, :kind, :codeId, :recipient, :payload, :status, 0, :now, :expiresAt, :now, :locale)""")
    void insert(String projectId, String kind, Long codeId, String recipient, String payload, String status, long now,
                Long expiresAt, String locale);

    /** A row this process claimed; attempts is the number of this attempt (the stored count plus one). */
    record Claimed(long id, String projectId, String kind, Long codeId, String recipient, String payload, int attempts,
                   Long expiresAt, String locale) { }

    /**
     * Locks due rows that no other transaction holds, leaving out the projects in {@code skip}
     * (their SMTP server's lane is full: their rows stay in the table for later, or for another
     * process) and the rows in {@code held} (this process is still sending them).
     */
    @SqlQuery("""
            SELECT id, project_id, kind, code_id, recipient, payload, attempts + 1 AS attempts, expires_at, locale
            FROM outbox
            WHERE status = 'pending' AND next_attempt_at <= :now AND project_id NOT IN (<skip>) AND id NOT IN (<held>)
            ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED""")
    @RegisterConstructorMapper(Claimed.class)
    List<Claimed> lockDue(long now, int limit, @BindList("skip") List<String> skip, @BindList("held") List<Long> held);

    @SqlUpdate("UPDATE outbox SET attempts = :attempts, next_attempt_at = :lease WHERE id = :id AND project_id = :projectId")
    void claim(long id, String projectId, int attempts, long lease);

    /** 1 if the row is still this claim's (nobody claimed or finished it since), else 0. */
    @SqlUpdate("""
            UPDATE outbox SET next_attempt_at = :lease
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts""")
    int renewLease(long id, String projectId, int attempts, long lease);

    /**
     * Gives a claimed row back untried: the attempt is not counted, and the count is the one the
     * claim found, so the next claim (here or in another process) is a claim like any other.
     */
    @SqlUpdate("""
            UPDATE outbox SET attempts = :attempts - 1, next_attempt_at = :next
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts AND status = 'pending'""")
    void release(long id, String projectId, int attempts, long next);

    @SqlUpdate("""
            UPDATE outbox SET next_attempt_at = :next, last_error = :error, last_attempt_at = :now
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts AND status = 'pending'""")
    void retryLater(long id, String projectId, int attempts, long next, String error, long now);

    /** Ends the row and wipes its payload. */
    @SqlUpdate("""
            UPDATE outbox SET status = :status, payload = NULL, sent_at = :sentAt, last_error = :error,
                last_attempt_at = :now
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts""")
    void finish(long id, String projectId, int attempts, String status, Long sentAt, String error, long now);

    /**
     * Dead-letters the row. Its sealed payload stays while the code it carries can still be used,
     * so that a tenant admin can retry it; {@link DeadLetterDao#wipeExpired} removes it after.
     */
    @SqlUpdate("""
            UPDATE outbox SET status = 'dead', last_error = :error, last_attempt_at = :now,
                payload = CASE WHEN expires_at IS NULL OR expires_at > :now THEN payload ELSE NULL END
            WHERE id = :id AND project_id = :projectId AND attempts = :attempts""")
    void deadLetter(long id, String projectId, int attempts, String error, long now);

    /** The ids of at most {@code batch} rows no longer pending and created before the given time (outbox_created, V8). */
    @SqlQuery("SELECT id FROM outbox WHERE created_at < :before AND status <> 'pending' ORDER BY created_at LIMIT :batch")
    List<Long> doneCreatedBefore(long before, int batch);

    /** Deletes these rows by primary key (see {@code OtpCodeDao#deleteByIds} for why not one statement). */
    @SqlUpdate("DELETE FROM outbox WHERE id IN (<ids>) AND status <> 'pending'")
    int deleteByIds(@BindList("ids") List<Long> ids);
}
