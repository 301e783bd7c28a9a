package dev.keyward.mail;

import dev.keyward.db.Daos;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keyward.http.Json;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The transactional outbox: a mail is a row written in the same transaction as the change that
 * causes it, so a rolled-back request sends nothing and a committed one survives a crash.
 */
public final class Outbox {
    private static final ObjectMapper MAPPER = Json.mapper();
    private final SecretBox box;
    private final Clock clock;
    private volatile Runnable onEnqueue = () -> { };

    public Outbox(SecretBox box, Clock clock) {
        this.box = box;
        this.clock = clock;
    }

    public void onEnqueue(Runnable wake) {
        this.onEnqueue = wake;
    }

    /** Seals the payload; kept separate from {@link #insert} so both reset paths do the same work. */
    public String seal(ProjectId project, MailKind kind, Map<String, String> payload) {
        try {
            return box.seal(MAPPER.writeValueAsString(payload), project.value() + "|" + kind.wire());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Adds a row. A null recipient writes a void row that is never sent: the unknown-address path
     * of a reset request writes it so both paths touch the database the same way. {@code locale}
     * is the one the mail asks for ({@link MailLocales#choose}); the template is picked when it is sent.
     */
    public void insert(Handle h, ProjectId project, MailKind kind, Long codeId, String recipient, String sealedPayload,
                       Long expiresAt, String locale) {
        insert(h, row(project, kind, recipient, sealedPayload, expiresAt, locale), codeId);
    }

    /** An outbox row as {@link #insert} writes it, less its code id; a null recipient makes it void, without payload. */
    public record Row(String projectId, String kind, String recipient, String payload, String status, long createdAt,
                      Long expiresAt, String locale) { }

    /** The row for a mail, for callers that write it with other rows in one statement. */
    public Row row(ProjectId project, MailKind kind, String recipient, String sealedPayload, Long expiresAt, String locale) {
        return new Row(project.value(), kind.wire(), recipient, recipient == null ? null : sealedPayload,
                recipient == null ? "void" : "pending", clock.millis(), expiresAt, locale);
    }

    public void insert(Handle h, Row r, Long codeId) {
        Daos.of(h, OutboxDao.class).insert(r.projectId(), r.kind(), codeId, r.recipient(), r.payload(), r.status(),
                r.createdAt(), r.expiresAt(), r.locale());
    }

    /**
     * Queues a mail. With a codeId the mail carries that one-time secret and is dropped, not
     * sent, if the secret was superseded or used before the relay got to it.
     */
    public void enqueue(Handle h, ProjectId project, MailKind kind, Long codeId, String recipient,
                        Map<String, String> payload, Long expiresAt, String locale) {
        insert(h, project, kind, codeId, recipient, seal(project, kind, payload), expiresAt, locale);
    }

    /**
     * Deletes at most {@code batch} rows that are no longer pending and were created before the
     * given time (all projects), the oldest first, found by creation time and deleted by id in one
     * statement; returns how many (fewer than {@code batch}: none left).
     */
    public int purgeDoneBefore(Handle h, long before, int batch) {
        OutboxDao dao = Daos.of(h, OutboxDao.class);
        List<Long> ids = dao.doneCreatedBefore(before, batch);
        return ids.isEmpty() ? 0 : dao.deleteByIds(ids);
    }

    /** Wipes the payloads of dead letters whose code has expired (all projects): they can no longer be retried. */
    public int wipeExpiredDeadLetters(Handle h, long now) {
        return Daos.of(h, DeadLetterDao.class).wipeExpired(now);
    }

    /** Wakes the relay; call after the enqueuing transaction committed. */
    public void wake() {
        onEnqueue.run();
    }

    Map<String, String> open(String projectId, String kind, String sealed) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, String> m = MAPPER.readValue(box.open(sealed, projectId + "|" + kind), Map.class);
            return m;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
