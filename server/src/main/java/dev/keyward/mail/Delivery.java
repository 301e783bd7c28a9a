package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.config.SmtpSettings;
import dev.keyward.db.Daos;
import dev.keyward.mail.OutboxDao.Claimed;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.simplejavamail.api.email.Email;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/**
 * What happens to one claimed row, on its lane's sender thread: the lease is renewed (a row
 * another process claimed meanwhile is left alone), a code that expired or was superseded is
 * never sent, the template is chosen and rendered, the mail sent, and the row finished, backed off
 * or dead-lettered. The sealed payload is wiped once a row is sent, expired or superseded.
 *
 * <p>On PostgreSQL this bookkeeping commits without waiting for the WAL flush: losing such a commit
 * in a database crash only means a mail may be sent again, which a crash between sending and
 * finishing can cause anyway (delivery is at least once). The requests that write the rows still
 * commit durably.
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final long PROBE_WAIT_MILLIS = 1_000;

    /** Where a project's mail goes: its own server, or the default lane when {@code server} is null. */
    record Route(Project project, ProjectSmtpService.Server server) { }

    private enum Lease { SEND, SUPERSEDED, LOST }

    private record Prepared(Lease lease, TemplateService.Chosen template) { }

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final TemplateService templates;
    private final MailComposer composer;
    private final OtpCodes codes;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final boolean postgres;
    private final boolean allowPrivateHosts;
    private final SmtpSettings defaultServer;
    private final long leaseMillis;

    Delivery(Jdbi jdbi, Outbox outbox, TemplateService templates, MailComposer composer, OtpCodes codes, AuditLog audit,
             Clock clock, SecureRandom random, boolean postgres, boolean allowPrivateHosts, SmtpSettings defaultServer,
             long leaseMillis) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.templates = templates;
        this.composer = composer;
        this.codes = codes;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.postgres = postgres;
        this.allowPrivateHosts = allowPrivateHosts;
        this.defaultServer = defaultServer;
        this.leaseMillis = leaseMillis;
    }

    void process(Claimed row, Route route, SmtpLane lane) {
        if (lane.holdingBack()) {
            // Rows queued before the server started failing: back to the table at once, not one
            // lease transaction each while the probe is out.
            release(row, PROBE_WAIT_MILLIS);
            return;
        }
        long now = clock.millis();
        MailKind kind = MailKind.fromWire(row.kind());
        // Re-lease just before sending: a row may wait in its lane past its first lease, and a row
        // another process has meanwhile claimed must not go out twice. Every claim moves attempts
        // on, so an unchanged count means nobody else claimed (or finished) the row.
        Prepared prepared = jdbi.inTransaction(h -> {
            if (relaxed(h).renewLease(row.id(), row.projectId(), row.attempts(), now + leaseMillis) != 1) {
                return new Prepared(Lease.LOST, null);
            }
            if (row.codeId() != null && !codes.isOpen(h, row.projectId(), row.codeId())) {
                return new Prepared(Lease.SUPERSEDED, null);
            }
            return new Prepared(Lease.SEND, route.project() == null ? null
                    : templates.choose(h, route.project(), kind, row.locale()));
        });
        if (prepared.lease() == Lease.LOST) {
            return;
        }
        if (row.expiresAt() != null && row.expiresAt() <= now) {
            finish(row, "expired", null, "mail.expired");
            return;
        }
        if (prepared.lease() == Lease.SUPERSEDED) {
            finish(row, "superseded", null, null);
            return;
        }
        if (route.project() == null) {
            finish(row, "dead", "project deleted", null);
            return;
        }
        Email email;
        try {
            if (route.server() != null && route.server().problem() != null) {
                throw new IllegalStateException(route.server().problem());
            }
            if (route.server() != null && !allowPrivateHosts) {
                SmtpHosts.addressProblem(route.server().settings().host()).ifPresent(reason -> {
                    throw new IllegalStateException("SMTP host " + reason);
                });
            }
            Map<String, String> payload = outbox.open(row.projectId(), row.kind(), row.payload());
            email = composer.build(prepared.template(), route.project(), route.server(), row.recipient(), payload, row.id());
        } catch (RuntimeException e) {
            failed(row, e, null);
            return;
        }
        boolean sent;
        try {
            sent = lane.send(email);
        } catch (Exception e) {
            failed(row, e, route.server() == null ? defaultServer : route.server().settings());
            return;
        }
        if (!sent) {
            // The server keeps failing and another mail is probing it: wait in the table, untried.
            release(row, PROBE_WAIT_MILLIS);
            return;
        }
        finish(row, "sent", null, kind == MailKind.RESET_CODE ? "reset.code_sent" : "mail.sent");
    }

    /** Gives a claimed row back untried, due again after {@code delayMillis}. */
    void release(Claimed row, long delayMillis) {
        release(Map.of(row, delayMillis));
    }

    /** Gives claimed rows back untried, each due again after its delay, in one transaction. */
    void release(Map<Claimed, Long> delays) {
        if (delays.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            OutboxDao dao = relaxed(h);
            long now = clock.millis();
            delays.forEach((row, delay) -> dao.release(row.id(), row.projectId(), row.attempts(), now + delay));
        });
    }

    private void failed(Claimed row, Exception e, SmtpSettings server) {
        String reason = SmtpReplies.describe(e, server);
        long now = clock.millis();
        if (row.attempts() >= OutboxRelay.MAX_ATTEMPTS || isPermanent(e)) {
            LOG.warn("outbox row {} dead after {} attempts: {}", row.id(), row.attempts(), reason);
            jdbi.useTransaction(h -> {
                relaxed(h).deadLetter(row.id(), row.projectId(), row.attempts(), reason, now);
                audit.record(h, new ProjectId(row.projectId()), "mail.dead", null, null, RequestMeta.internal(), row.kind());
            });
            return;
        }
        long delay = backoffMillis(row.attempts());
        LOG.info("outbox row {} attempt {} failed, retrying in {} ms: {}", row.id(), row.attempts(), delay, reason);
        jdbi.useTransaction(h -> {
            relaxed(h).retryLater(row.id(), row.projectId(), row.attempts(), now + delay, reason, now);
            if (row.kind().equals(MailKind.RESET_CODE.wire())) {
                audit.record(h, new ProjectId(row.projectId()), "reset.code_failed", null, null, RequestMeta.internal(),
                        "attempt " + row.attempts() + ": " + reason);
            }
        });
    }

    /** 2 s, 4 s, 8 s ... capped at 5 minutes, with up to 50% random jitter so retries do not march in step. */
    long backoffMillis(int attempt) {
        long base = Math.min(300_000L, 2_000L << Math.min(attempt - 1, 20));
        return base + (long) (random.nextDouble() * base / 2);
    }

    private void finish(Claimed row, String status, String error, String auditType) {
        jdbi.useTransaction(h -> {
            long now = clock.millis();
            relaxed(h).finish(row.id(), row.projectId(), row.attempts(), status, status.equals("sent") ? now : null, error,
                    now);
            if (auditType != null) {
                audit.record(h, new ProjectId(row.projectId()), auditType, null, null, RequestMeta.internal(), row.kind());
            }
        });
    }

    /** The outbox SQL; on PostgreSQL this transaction commits without waiting for the WAL flush (see the class comment). */
    private OutboxDao relaxed(Handle h) {
        OutboxDao dao = Daos.of(h, OutboxDao.class);
        if (postgres) {
            dao.relaxCommit();
        }
        return dao;
    }

    /** Failures no retry can fix (a malformed address): dead-letter at once. */
    private static boolean isPermanent(Exception e) {
        return e.getClass().getSimpleName().equals("MailInvalidAddressException");
    }
}
