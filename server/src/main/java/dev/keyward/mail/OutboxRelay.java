package dev.keyward.mail;

import dev.keyward.audit.AuditLog;
import dev.keyward.audit.RequestMeta;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

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
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running;
    private Thread thread;

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
        outbox.onEnqueue(() -> wake.release());
    }

    public void start() {
        running = true;
        thread = new Thread(this::loop, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try {
                int done = drainOnce();
                if (done < BATCH) {
                    wake.tryAcquire(250, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("outbox relay pass failed: {}", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    record Claimed(long id, String projectId, String kind, Long codeId, String recipient, String payload, int attempts,
                   Long expiresAt) { }

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
            relaxCommit(h);
            long now = clock.millis();
            List<Claimed> rows = h.createQuery("""
                            SELECT id, project_id, kind, code_id, recipient, payload, attempts, expires_at FROM outbox
                            WHERE status = 'pending' AND next_attempt_at <= :now
                            ORDER BY next_attempt_at, id LIMIT :n FOR UPDATE SKIP LOCKED""")
                    .bind("now", now).bind("n", BATCH)
                    .map((rs, ctx) -> new Claimed(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), rs.getInt(7) + 1,
                            rs.getObject(8, Long.class)))
                    .list();
            for (Claimed c : rows) {
                h.createUpdate("UPDATE outbox SET attempts = :a, next_attempt_at = :lease WHERE id = :id AND project_id = :p")
                        .bind("a", c.attempts()).bind("lease", now + LEASE_MILLIS).bind("id", c.id()).bind("p", c.projectId())
                        .execute();
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
            relaxCommit(h);
            boolean ours = h.createUpdate("""
                            UPDATE outbox SET next_attempt_at = :lease
                            WHERE id = :id AND project_id = :p AND attempts = :a""")
                    .bind("lease", now + LEASE_MILLIS).bind("id", row.id()).bind("p", row.projectId())
                    .bind("a", row.attempts()).execute() == 1;
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
                jdbi.useHandle(h -> h.createUpdate("""
                                UPDATE outbox SET next_attempt_at = :next, last_error = :err
                                WHERE id = :id AND project_id = :p AND attempts = :a AND status = 'pending'""")
                        .bind("next", clock.millis() + delay).bind("err", reason).bind("id", row.id())
                        .bind("p", row.projectId()).bind("a", row.attempts()).execute());
                if (row.kind().equals(MailKind.RESET_CODE.wire())) {
                    jdbi.useHandle(h -> audit.record(h, new ProjectId(row.projectId()), "reset.code_failed", null, null,
                            RequestMeta.internal(), "attempt " + row.attempts() + ": " + reason));
                }
            }
        }
    }

    private enum Lease { SEND, SUPERSEDED, LOST }

    /** Lets this transaction commit without waiting for the WAL flush (see the class comment). */
    private void relaxCommit(Handle h) {
        if (postgres) {
            h.execute("SET LOCAL synchronous_commit TO OFF");
        }
    }

    /** 2 s, 4 s, 8 s ... capped at 5 minutes, with up to 50% random jitter so retries do not march in step. */
    long backoffMillis(int attempt) {
        long base = Math.min(300_000L, 2_000L << Math.min(attempt - 1, 20));
        return base + (long) (random.nextDouble() * base / 2);
    }

    private void finish(Claimed row, String status, String error, String auditType) {
        jdbi.useTransaction(h -> {
            relaxCommit(h);
            h.createUpdate("""
                            UPDATE outbox SET status = :s, payload = NULL, sent_at = :now, last_error = :err
                            WHERE id = :id AND project_id = :p AND attempts = :a""")
                    .bind("s", status).bind("now", status.equals("sent") ? clock.millis() : null)
                    .bind("err", error).bind("id", row.id()).bind("p", row.projectId()).bind("a", row.attempts()).execute();
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
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
