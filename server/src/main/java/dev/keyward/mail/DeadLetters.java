package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.db.Daos;
import dev.keyward.http.ApiException;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Mail the relay gave up on, per project: listed without its content, and retried as a new
 * outbox row, but only while what it carries can still be used. A code or link that expired, was
 * used, or was replaced by a newer one is never sent again (the user asks for a new one).
 */
public final class DeadLetters {
    private final Jdbi jdbi;
    private final Outbox outbox;
    private final OtpCodes codes;
    private final AuditLog audit;
    private final Clock clock;

    public DeadLetters(Jdbi jdbi, Outbox outbox, OtpCodes codes, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.codes = codes;
        this.audit = audit;
        this.clock = clock;
    }

    /** A dead letter as the admin API shows it: never its payload. */
    public record DeadLetter(long id, String kind, String recipient, String locale, int attempts, String createdAt,
                             String lastAttemptAt, String lastError, boolean retryable, String notRetryableBecause) { }

    public record Retried(long mailId, long retriedAs) { }

    /** Newest first; {@code before} pages by id. */
    public List<DeadLetter> list(ProjectId project, Long before, int limit) {
        return jdbi.withHandle(h -> {
            long now = clock.millis();
            return Daos.of(h, DeadLetterDao.class).list(project.value(), before, limit).stream().map(d -> {
                Optional<String> reason = whyNot(h, project, d.codeId(), d.expiresAt(), d.payloadKept(), now);
                return new DeadLetter(d.id(), d.kind(), d.recipient(), d.locale(), d.attempts(), time(d.createdAt()),
                        d.lastAttemptAt() == null ? null : time(d.lastAttemptAt()), d.lastError(), reason.isEmpty(),
                        reason.orElse(null));
            }).toList();
        });
    }

    /** Queues the dead letter again as a new row (sent at once, with a fresh set of attempts). */
    public Retried retry(ProjectId project, long mailId, RequestMeta meta) {
        Retried retried = jdbi.inTransaction(h -> {
            DeadLetterDao dao = Daos.of(h, DeadLetterDao.class);
            DeadLetterDao.Locked dead = dao.lock(project.value(), mailId)
                    .orElseThrow(() -> ApiException.notFound("No dead letter with this id in this project"));
            long now = clock.millis();
            whyNot(h, project, dead.codeId(), dead.expiresAt(), dead.payload() != null, now).ifPresent(reason -> {
                throw ApiException.conflict("This mail cannot be sent again: " + reason);
            });
            long id = dao.requeue(project.value(), dead.kind(), dead.codeId(), dead.recipient(), dead.payload(),
                    dead.expiresAt(), dead.locale(), now);
            dao.markRetried(project.value(), mailId);
            audit.record(h, project, "mail.retried", null, null, meta, dead.kind() + " " + mailId + " as " + id);
            return new Retried(mailId, id);
        });
        outbox.wake();
        return retried;
    }

    /** Why a dead letter may not be sent again, if it may not. */
    private Optional<String> whyNot(Handle h, ProjectId project, Long codeId, Long expiresAt, boolean payloadKept, long now) {
        if (expiresAt != null && expiresAt <= now) {
            return Optional.of("the code or link it carries has expired; the user can ask for a new one");
        }
        if (codeId != null && !codes.isOpen(h, project.value(), codeId)) {
            return Optional.of("the code or link it carries was used or replaced by a newer one");
        }
        if (!payloadKept) {
            return Optional.of("its content is no longer kept");
        }
        return Optional.empty();
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
