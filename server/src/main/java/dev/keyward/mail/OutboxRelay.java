package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
import dev.keyward.db.RelayLoop;
import dev.keyward.mail.OutboxDao.Claimed;
import dev.keyward.otp.OtpCodes;
import dev.keyward.project.Project;
import dev.keyward.project.ProjectId;
import dev.keyward.project.ProjectService;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Delivers outbox rows. Rows are claimed with FOR UPDATE SKIP LOCKED and leased for a minute, so
 * any number of server processes share the work and each row is sent once; a process that dies
 * mid-send leaves its lease to expire and another one retries. Failures back off exponentially
 * with jitter; a code whose lifetime ended is never sent; a row that keeps failing is dead-lettered.
 * The sealed payload (which may hold a code) is wiped as soon as a row is done.
 *
 * <p>On PostgreSQL the relay's own bookkeeping (claim, lease, finish) commits without waiting
 * for the WAL flush: the relay is one thread, so a durable commit per mail would cap delivery
 * at one disk flush per mail. Losing such a commit in a database crash only means a mail may be
 * sent again, which a crash between sending and finishing can cause anyway (delivery is at
 * least once). The requests that write the outbox rows still commit durably.
 */
public final class OutboxRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
    public static final int MAX_ATTEMPTS = 8;
    static final long LEASE_MILLIS = 60_000;
    private static final int BATCH = 20;

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final MailTransport transport;
    private final ProjectService projects;
    private final OtpCodes codes;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final boolean postgres;
    private final RelayLoop loop = new RelayLoop("outbox-relay", () -> drainOnce() >= BATCH);

    public OutboxRelay(Jdbi jdbi, Outbox outbox, MailTemplates templates, MailTransport transport,
                       ProjectService projects, OtpCodes codes, AuditLog audit, Clock clock, SecureRandom random,
                       boolean postgres) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.templates = templates;
        this.transport = transport;
        this.projects = projects;
        this.codes = codes;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.postgres = postgres;
        outbox.onEnqueue(loop::wake);
    }

    public void start() {
        loop.start();
    }

    /** Claims and processes one batch; returns how many rows it handled. */
    public int drainOnce() {
        List<Claimed> rows = claim();
        for (Claimed row : rows) {
            process(row);
        }
        return rows.size();
    }

    private List<Claimed> claim() {
        return jdbi.inTransaction(h -> {
            OutboxDao dao = relaxedOutbox(h);
            long now = clock.millis();
            List<Claimed> rows = dao.lockDue(now, BATCH);
            for (Claimed c : rows) {
                dao.claim(c.id(), c.projectId(), c.attempts(), now + LEASE_MILLIS);
            }
            return rows;
        });
    }

    private void process(Claimed row) {
        long now = clock.millis();
        // Re-lease just before sending: a batch may outlive its first lease on a slow SMTP server,
        // and a row another process has meanwhile claimed must not go out twice. Every claim moves
        // attempts on, so an unchanged count means nobody else claimed (or finished) the row.
        Lease lease = jdbi.inTransaction(h -> {
            boolean ours = relaxedOutbox(h).renewLease(row.id(), row.projectId(), row.attempts(), now + LEASE_MILLIS) == 1;
            if (!ours) {
                return Lease.LOST;
            }
            return row.codeId() == null || codes.isOpen(h, row.projectId(), row.codeId()) ? Lease.SEND : Lease.SUPERSEDED;
        });
        if (lease == Lease.LOST) {
            return;
        }
        if (row.expiresAt() != null && row.expiresAt() <= now) {
            finish(row, "expired", null, "mail.expired");
            return;
        }
        if (lease == Lease.SUPERSEDED) {
            finish(row, "superseded", null, null);
            return;
        }
        Optional<Project> project = projects.find(new ProjectId(row.projectId()));
        if (project.isEmpty()) {
            finish(row, "dead", "project deleted", null);
            return;
        }
        try {
            Map<String, String> payload = outbox.open(row.projectId(), row.kind(), row.payload());
            MailKind kind = MailKind.fromWire(row.kind());
            transport.send(templates.build(kind, project.get(), row.recipient(), payload));
            finish(row, "sent", null, kind == MailKind.RESET_CODE ? "reset.code_sent" : "mail.sent");
        } catch (Exception e) {
            String reason = sanitize(e);
            if (row.attempts() >= MAX_ATTEMPTS || isPermanent(e)) {
                LOG.warn("outbox row {} dead after {} attempts: {}", row.id(), row.attempts(), reason);
                finish(row, "dead", reason, "mail.dead");
            } else {
                long delay = backoffMillis(row.attempts());
                LOG.info("outbox row {} attempt {} failed, retrying in {} ms: {}", row.id(), row.attempts(), delay, reason);
                jdbi.useHandle(h -> h.attach(OutboxDao.class).retryLater(row.id(), row.projectId(), row.attempts(),
                        clock.millis() + delay, reason));
                if (row.kind().equals(MailKind.RESET_CODE.wire())) {
                    jdbi.useHandle(h -> audit.record(h, new ProjectId(row.projectId()), "reset.code_failed", null, null,
                            RequestMeta.internal(), "attempt " + row.attempts() + ": " + reason));
                }
            }
        }
    }

    private enum Lease { SEND, SUPERSEDED, LOST }

    /** The outbox SQL; on PostgreSQL this transaction commits without waiting for the WAL flush (see the class comment). */
    private OutboxDao relaxedOutbox(Handle h) {
        OutboxDao dao = h.attach(OutboxDao.class);
        if (postgres) {
            dao.relaxCommit();
        }
        return dao;
    }

    /** 2 s, 4 s, 8 s ... capped at 5 minutes, with up to 50% random jitter so retries do not march in step. */
    long backoffMillis(int attempt) {
        long base = Math.min(300_000L, 2_000L << Math.min(attempt - 1, 20));
        return base + (long) (random.nextDouble() * base / 2);
    }

    private void finish(Claimed row, String status, String error, String auditType) {
        jdbi.useTransaction(h -> {
            relaxedOutbox(h).finish(row.id(), row.projectId(), row.attempts(), status,
                    status.equals("sent") ? clock.millis() : null, error);
            if (auditType != null) {
                audit.record(h, new ProjectId(row.projectId()), auditType, null, null, RequestMeta.internal(), row.kind());
            }
        });
    }

    /** Failures no retry can fix (a malformed address): dead-letter at once. */
    private static boolean isPermanent(Exception e) {
        return e.getClass().getSimpleName().equals("MailInvalidAddressException");
    }

    private static String sanitize(Exception e) {
        String m = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            m += " (" + root.getClass().getSimpleName() + ")";
        }
        m = m.replaceAll("[\\r\\n\\t]", " ");
        return m.length() > 480 ? m.substring(0, 480) : m;
    }

    @Override
    public void close() {
        loop.close();
    }
}
